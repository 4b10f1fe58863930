package org.mailplatform.sieve;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The {@code encoded-character} extension (RFC 5228 2.4.2.4): in a script that requires it,
 * {@code ${hex:40 41}} in a string stands for those octets (as UTF-8) and {@code ${unicode:1F600}}
 * for those code points, hexadecimal, separated by blanks, the prefix without case. Decoded when the
 * script is compiled, once, before anything else reads the strings, as the RFC places it: in the
 * parser. A sequence that does not have that syntax ({@code ${hex:zz}}, {@code ${hex:}}) stays text;
 * a code point outside Unicode or a surrogate makes the script not compile. Decoding is one pass:
 * what a sequence decodes to is not read again. Octets that are no UTF-8 become U+FFFD.
 */
final class EncodedCharacters {

    /** A code point the script names that no character has. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    private EncodedCharacters() {
    }

    /**
     * {@code s} with its encoded characters decoded. Linear: a sequence is read only as far as hex
     * digits and blanks go, and none of those starts the next one.
     */
    static String decode(String s) throws Invalid {
        if (!s.contains("${")) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (true) {
            int start = s.indexOf("${", i);
            if (start < 0) {
                break;
            }
            out.append(s, i, start);
            int body = prefixEnd(s, start + 2);
            int end = body < 0 ? -1 : runEnd(s, body);
            String decoded = end < 0 || end >= s.length() || s.charAt(end) != '}' ? null
                    : sequence(s.regionMatches(true, start + 2, "hex:", 0, 4), s.substring(body, end));
            if (decoded == null) {
                out.append("${");
                i = start + 2;
            } else {
                out.append(decoded);
                i = end + 1;
            }
        }
        out.append(s, i, s.length());
        return out.toString();
    }

    /** Where the hex digits start after {@code hex:} or {@code unicode:} at {@code at}, or -1. */
    private static int prefixEnd(String s, int at) {
        for (String prefix : new String[] {"hex:", "unicode:"}) {
            if (s.regionMatches(true, at, prefix, 0, prefix.length())) {
                return at + prefix.length();
            }
        }
        return -1;
    }

    /** The first index from {@code at} that is neither a hex digit nor a blank. */
    private static int runEnd(String s, int at) {
        int k = at;
        while (k < s.length() && (Character.digit(s.charAt(k), 16) >= 0 && s.charAt(k) < 0x80 || blank(s.charAt(k)))) {
            k++;
        }
        return k;
    }

    private static boolean blank(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    /** What the hex digits and blanks of one sequence stand for, or null when they are no sequence. */
    private static String sequence(boolean hex, String body) throws Invalid {
        String[] items = body.strip().split("[ \t\r\n]+");
        if (items.length == 0 || items[0].isEmpty()) {
            return null;
        }
        if (hex) {
            ByteArrayOutputStream octets = new ByteArrayOutputStream();
            for (String item : items) {
                if (item.length() > 2) {
                    return null;
                }
                octets.write(Integer.parseInt(item, 16));
            }
            return octets.toString(StandardCharsets.UTF_8);
        }
        StringBuilder chars = new StringBuilder();
        for (String item : items) {
            int first = 0;
            while (first < item.length() - 1 && item.charAt(first) == '0') {
                first++;
            }
            String digits = item.substring(first);
            int cp = digits.length() > 6 ? Integer.MAX_VALUE : Integer.parseInt(digits, 16);
            if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                throw new Invalid("${unicode:" + item + "} is no Unicode character (0-D7FF or E000-10FFFF)");
            }
            chars.appendCodePoint(cp);
        }
        return chars.toString();
    }
}
