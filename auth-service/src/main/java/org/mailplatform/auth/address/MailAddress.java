package org.mailplatform.auth.address;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;

/**
 * A mailbox address: local part as the user gave it, and a domain in both its forms.
 *
 * <p>Syntax is RFC 5321 section 4.1.2 ({@code Local-part "@" Domain}) extended by RFC 6531 section
 * 3.3 (UTF-8 in atoms and quoted strings, U-labels in the domain). Local parts are matched
 * case-insensitively ({@link #key()}), as every mailbox provider does in practice, though RFC 5321
 * lets the receiving host decide. A quoted local part whose content is a plain dot-string is stored
 * without the quotes (RFC 5321 section 4.1.2 asks senders not to quote when not needed).
 *
 * @param localPart the local part as given (quotes kept only when needed)
 * @param domain    the domain
 */
public record MailAddress(String localPart, DomainName domain) {

    /** RFC 5321 section 4.5.3.1.1: 64 octets. */
    static final int MAX_LOCAL_PART_OCTETS = 64;
    /** RFC 5321 section 4.5.3.1.3: a path is at most 256 octets including the angle brackets. */
    static final int MAX_ADDRESS_OCTETS = 254;

    public static MailAddress parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidAddressException("empty address");
        }
        String normalized = Normalizer.normalize(text.strip(), Normalizer.Form.NFC);
        int at = normalized.lastIndexOf('@');
        if (at <= 0 || at == normalized.length() - 1) {
            throw new InvalidAddressException("not an address: " + text);
        }
        String local = LocalPartSyntax.canonical(normalized.substring(0, at));
        if (local.getBytes(StandardCharsets.UTF_8).length > MAX_LOCAL_PART_OCTETS) {
            throw new InvalidAddressException("local part longer than " + MAX_LOCAL_PART_OCTETS + " octets");
        }
        DomainName domain = DomainName.parse(normalized.substring(at + 1));
        MailAddress address = new MailAddress(local, domain);
        if (address.ascii().getBytes(StandardCharsets.UTF_8).length > MAX_ADDRESS_OCTETS) {
            throw new InvalidAddressException("address longer than " + MAX_ADDRESS_OCTETS + " octets");
        }
        return address;
    }

    /** The lookup key of a local part: case folded, so {@code Alice} and {@code alice} are one. */
    public static String localKey(String localPart) {
        return localPart.toLowerCase(Locale.ROOT);
    }

    /** The local part's lookup key. */
    public String localKey() {
        return localKey(localPart);
    }

    /** The lookup key of the whole address: case-folded local part {@code @} A-label domain. */
    public String key() {
        return localKey() + "@" + domain.ascii();
    }

    /** The address with an A-label domain (the local part may still be UTF-8). */
    public String ascii() {
        return localPart + "@" + domain.ascii();
    }

    /** The address as people read it: U-label domain. */
    @Override
    public String toString() {
        return localPart + "@" + domain.unicode();
    }

    /** The same local part in another domain (domain aliases). */
    public MailAddress withDomain(DomainName other) {
        return new MailAddress(localPart, other);
    }

    /** The same domain with another local part (sub-addressing). */
    public MailAddress withLocalPart(String other) {
        return new MailAddress(other, domain);
    }
}
