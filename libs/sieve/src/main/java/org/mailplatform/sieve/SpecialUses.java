package org.mailplatform.sieve;

import java.util.Locale;

/**
 * Special-use attributes as the {@code special-use} extension (RFC 8579) takes them: {@code \} and an
 * IMAP atom (RFC 6154 2, RFC 3501's {@code atom}), compared without regard to case.
 */
final class SpecialUses {

    private SpecialUses() {
    }

    /** Why {@code attribute} is no special-use attribute, or null when it is one. */
    static String invalid(String attribute) {
        if (attribute.length() < 2 || attribute.charAt(0) != '\\') {
            return "\"" + attribute + "\" is no special-use attribute (a backslash and a name, like \\Junk)";
        }
        for (int i = 1; i < attribute.length(); i++) {
            char c = attribute.charAt(i);
            if (c <= 0x20 || c >= 0x7f || "(){%*\"\\]".indexOf(c) >= 0) {
                return "\"" + attribute + "\" is no special-use attribute: '" + c + "' is not allowed in its name";
            }
        }
        return null;
    }

    /** The attribute in one spelling, for lookups and comparisons. */
    static String normalized(String attribute) {
        return attribute.toLowerCase(Locale.ROOT);
    }
}
