package org.mailplatform.auth.address;

/**
 * RFC 5321 section 4.1.2 {@code Local-part = Dot-string / Quoted-string}, with the RFC 6531
 * section 3.3 extension that lets any non-ASCII UTF-8 character appear in atoms and quoted
 * strings.
 */
final class LocalPartSyntax {

    private static final String ATEXT_SPECIALS = "!#$%&'*+-/=?^_`{|}~";

    private LocalPartSyntax() {
    }

    /** Validates a local part and returns it in canonical form (quotes dropped when not needed). */
    static String canonical(String local) {
        if (local.startsWith("\"")) {
            String content = quotedContent(local);
            return isDotString(content) ? content : local;
        }
        if (!isDotString(local)) {
            throw new InvalidAddressException("invalid local part: " + local);
        }
        return local;
    }

    static boolean isDotString(String s) {
        if (s.isEmpty() || s.startsWith(".") || s.endsWith(".") || s.contains("..")) {
            return false;
        }
        return s.codePoints().allMatch(c -> c == '.' || isAtext(c));
    }

    private static boolean isAtext(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || ATEXT_SPECIALS.indexOf(c) >= 0 || isUtf8NonAscii(c);
    }

    private static boolean isUtf8NonAscii(int c) {
        return c >= 0x80 && !Character.isISOControl(c) && !Character.isWhitespace(c);
    }

    /** The unescaped content of {@code "..."}: qtextSMTP or quoted-pairSMTP (%d32-126 after a backslash). */
    private static String quotedContent(String quoted) {
        if (quoted.length() < 2 || !quoted.endsWith("\"")) {
            throw new InvalidAddressException("unterminated quoted local part: " + quoted);
        }
        StringBuilder content = new StringBuilder();
        String inner = quoted.substring(1, quoted.length() - 1);
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c == '\\') {
                if (i + 1 >= inner.length() || inner.charAt(i + 1) < 32 || inner.charAt(i + 1) > 126) {
                    throw new InvalidAddressException("bad quoted pair in local part: " + quoted);
                }
                content.append(inner.charAt(++i));
            } else if (c == '"' || (c < 32 || c == 127)) {
                throw new InvalidAddressException("invalid character in quoted local part: " + quoted);
            } else {
                content.append(c);
            }
        }
        if (content.isEmpty()) {
            throw new InvalidAddressException("empty quoted local part");
        }
        return content.toString();
    }
}
