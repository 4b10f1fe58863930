package org.mailplatform.imap.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Encodes {@link ImapResponse}s to bytes (RFC 9051 section 7): one response, CR LF terminated. */
public final class ResponseEncoder {

    private static final byte[] CRLF = {'\r', '\n'};

    private ResponseEncoder() {
    }

    public static byte[] encode(ImapResponse response) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        switch (response) {
            case ImapResponse.Tagged t -> status(out, t.tag(), t.condition(), t.code(), t.text());
            case ImapResponse.UntaggedStatus s -> status(out, "*", s.condition(), s.code(), s.text());
            case ImapResponse.Untagged u -> {
                out.write('*');
                out.write(' ');
                out.writeBytes(u.data());
            }
            case ImapResponse.Continuation c -> {
                out.write('+');
                out.write(' ');
                out.writeBytes(text(c.text()));
            }
        }
        out.writeBytes(CRLF);
        return out.toByteArray();
    }

    private static void status(ByteArrayOutputStream out, String tag, ImapResponse.Condition condition,
                               ResponseCode code, String text) {
        out.writeBytes(tag.getBytes(StandardCharsets.US_ASCII));
        out.write(' ');
        out.writeBytes(condition.name().getBytes(StandardCharsets.US_ASCII));
        out.write(' ');
        if (code != null) {
            out.write('[');
            out.writeBytes(text(code.toString()));
            out.write(']');
            out.write(' ');
        }
        // resp-text needs at least one character after a code (RFC 9051 section 9: text = 1*TEXT-CHAR)
        out.writeBytes(text(text == null || text.isEmpty() ? "done" : text));
    }

    /** Text is one line of TEXT-CHARs: CR and LF (and other controls) never reach the wire. */
    private static byte[] text(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? ' ' : c);
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}
