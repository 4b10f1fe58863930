package org.mailplatform.auth.address;

import java.net.IDN;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A DNS domain name as the directory stores it: the lower-case A-label form (RFC 5890), which is
 * the key every lookup uses, and the U-label form for display (RFC 6531 addresses).
 *
 * @param ascii   lower-case A-label form, e.g. {@code xn--bcher-kva.example}
 * @param unicode U-label form, e.g. {@code bücher.example}
 */
public record DomainName(String ascii, String unicode) {

    private static final int MAX_LENGTH = 253;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");

    /**
     * Parses a domain in either form (RFC 5321 section 4.1.2 {@code Domain}, with U-labels as RFC
     * 6531 allows). Address literals such as {@code [192.0.2.1]} are not domains.
     *
     * @throws InvalidAddressException if it is not a valid domain name
     */
    public static DomainName parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new InvalidAddressException("empty domain");
        }
        if (text.endsWith(".")) {
            throw new InvalidAddressException("domain must not end with a dot: " + text);
        }
        String ascii;
        try {
            ascii = IDN.toASCII(text, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new InvalidAddressException("invalid domain: " + text);
        }
        if (ascii.length() > MAX_LENGTH) {
            throw new InvalidAddressException("domain longer than " + MAX_LENGTH + " characters");
        }
        for (String label : ascii.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                throw new InvalidAddressException("invalid domain: " + text);
            }
        }
        String unicode = IDN.toUnicode(ascii, IDN.USE_STD3_ASCII_RULES);
        return new DomainName(ascii, unicode);
    }

    @Override
    public String toString() {
        return ascii;
    }
}
