package org.mailplatform.mailauth;

/**
 * What the receiving MTA's SPF check (RFC 7208) found, as Authentication-Results reports it and
 * DMARC aligns it.
 *
 * @param result   RFC 7208's result word: {@code pass}, {@code fail}, {@code softfail}, ...
 * @param helo     whether the HELO identity was checked (the null sender) rather than MAIL FROM
 * @param identity the address checked ({@code smtp.mailfrom}) or the HELO name ({@code smtp.helo})
 */
public record SpfReport(String result, boolean helo, String identity) {

    /** The domain SPF authenticated, for DMARC alignment (RFC 7489 4.2); null unless the result is pass. */
    public String authenticatedDomain() {
        if (!"pass".equals(result) || identity == null) {
            return null;
        }
        String domain = identity.substring(identity.lastIndexOf('@') + 1);
        return domain.isBlank() ? null : domain;
    }
}
