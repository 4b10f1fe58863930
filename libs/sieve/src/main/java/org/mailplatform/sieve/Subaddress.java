package org.mailplatform.sieve;

/**
 * The parts of a local part that {@code subaddress} (RFC 5233) names: {@code alice+news} is the user
 * {@code alice} with the detail {@code news}, for the separator {@code +}. The separator is the one
 * auth-service resolves sub-addresses with ({@code mail.auth.recipient-delimiter}), and it is read the
 * same way: the first occurrence of the whole separator, after at least one character (auth-service
 * delivers {@code +news@} to no {@code @} user, so it is no sub-address here either).
 */
final class Subaddress {

    private Subaddress() {
    }

    /** The user part: before the separator, or the whole local part when it has none (RFC 5233 4). */
    static String user(String local, String separator) {
        int cut = cut(local, separator);
        return cut < 0 ? local : local.substring(0, cut);
    }

    /**
     * The detail: after the separator, possibly empty ({@code alice+@}); null when the local part has
     * no separator, so that no key matches it (RFC 5233 4).
     */
    static String detail(String local, String separator) {
        int cut = cut(local, separator);
        return cut < 0 ? null : local.substring(cut + separator.length());
    }

    private static int cut(String local, String separator) {
        if (local == null || separator.isEmpty()) {
            return -1;
        }
        int cut = local.indexOf(separator);
        return cut > 0 ? cut : -1;
    }
}
