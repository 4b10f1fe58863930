package org.mailplatform.imap.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Mailbox names on the wire. IMAP4rev2 and UTF8=ACCEPT clients send UTF-8 as it is; IMAP4rev1
 * clients send modified UTF-7 (RFC 3501 section 5.1.3): printable ASCII stands for itself,
 * {@code &-} is {@code &}, and {@code &...-} is UTF-16 in a base64 variant with {@code ,} for
 * {@code /} and no padding. {@code INBOX} is case-insensitive (RFC 9051 section 5.1).
 */
public final class MailboxName {

    private static final Base64.Decoder B64_DECODER = Base64.getDecoder();
    private static final Base64.Encoder B64_ENCODER = Base64.getEncoder().withoutPadding();

    private MailboxName() {
    }

    /**
     * The name a client sent, as a UTF-8 string: modified UTF-7 decoded unless {@code utf8} is on,
     * and any case of INBOX as {@code INBOX}.
     *
     * @throws ImapSyntaxException when the name is not valid modified UTF-7
     */
    public static String fromWire(String wire, boolean utf8) {
        String name = utf8 ? wire : decodeModifiedUtf7(wire);
        return normalizeInbox(name);
    }

    /** The name as it must be sent to the client. */
    public static String toWire(String name, boolean utf8) {
        return utf8 ? name : encodeModifiedUtf7(name);
    }

    /** {@code inbox}, {@code Inbox/x}: INBOX in any case, also as a hierarchy prefix, becomes {@code INBOX}. */
    public static String normalizeInbox(String name) {
        if (name.length() >= 5 && name.regionMatches(true, 0, "INBOX", 0, 5)
                && (name.length() == 5 || name.charAt(5) == '/')) {
            return "INBOX" + name.substring(5);
        }
        return name;
    }

    public static String decodeModifiedUtf7(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '&') {
                out.append(c); // 8-bit UTF-8 from a rev1 client is taken as it is
                i++;
                continue;
            }
            int end = s.indexOf('-', i + 1);
            if (end < 0) {
                throw new ImapSyntaxException("invalid modified UTF-7 in mailbox name: unterminated '&'");
            }
            if (end == i + 1) {
                out.append('&');
            } else {
                String b64 = s.substring(i + 1, end).replace(',', '/');
                byte[] utf16;
                try {
                    utf16 = B64_DECODER.decode(pad(b64));
                } catch (IllegalArgumentException e) {
                    throw new ImapSyntaxException("invalid modified UTF-7 in mailbox name");
                }
                if (utf16.length % 2 != 0 || utf16.length == 0) {
                    throw new ImapSyntaxException("invalid modified UTF-7 in mailbox name");
                }
                String decoded = StandardCharsets.UTF_16BE.decode(ByteBuffer.wrap(utf16)).toString();
                for (int k = 0; k < decoded.length(); k++) {
                    char d = decoded.charAt(k);
                    if (d >= 0x20 && d < 0x7f) {
                        throw new ImapSyntaxException("modified UTF-7 must not encode printable ASCII");
                    }
                }
                out.append(decoded);
            }
            i = end + 1;
        }
        return out.toString();
    }

    public static String encodeModifiedUtf7(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                out.append(c == '&' ? "&-" : String.valueOf(c));
                i++;
                continue;
            }
            int start = i;
            while (i < s.length() && (s.charAt(i) < 0x20 || s.charAt(i) >= 0x7f)) {
                i++;
            }
            byte[] utf16 = s.substring(start, i).getBytes(StandardCharsets.UTF_16BE);
            out.append('&').append(B64_ENCODER.encodeToString(utf16).replace('/', ',')).append('-');
        }
        return out.toString();
    }

    private static String pad(String b64) {
        int rem = b64.length() % 4;
        if (rem == 1) {
            throw new IllegalArgumentException("bad base64 length");
        }
        return rem == 0 ? b64 : b64 + "==".substring(0, 4 - rem);
    }
}
