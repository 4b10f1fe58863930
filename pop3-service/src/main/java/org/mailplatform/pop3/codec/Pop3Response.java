package org.mailplatform.pop3.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A POP3 response (RFC 1939 section 3): a status line, optionally with an extended response code
 * (RFC 2449 section 8), optionally followed by a multi-line body ended by a lone dot.
 */
public sealed interface Pop3Response {

    /** The bytes on the wire, CR LF included, body lines dot-stuffed. */
    byte[] encode();

    /** {@code +OK text}. */
    record Ok(String text) implements Pop3Response {
        public byte[] encode() {
            return line(text.isEmpty() ? "+OK" : "+OK " + text);
        }
    }

    /** {@code -ERR [CODE] text}; {@code code} may be null. */
    record Err(ResponseCode code, String text) implements Pop3Response {
        public byte[] encode() {
            return line("-ERR" + (code == null ? "" : " [" + code.text() + "]") + (text.isEmpty() ? "" : " " + text));
        }
    }

    /** {@code +OK text} followed by lines and the terminating {@code .} (CAPA, LIST, UIDL). */
    record MultiLine(String text, List<String> lines) implements Pop3Response {
        public MultiLine {
            lines = List.copyOf(lines);
        }

        public byte[] encode() {
            ByteArrayOutputStream out = new ByteArrayOutputStream(64 + lines.size() * 16);
            out.writeBytes(new Ok(text).encode());
            for (String l : lines) {
                out.writeBytes(line(l.startsWith(".") ? "." + l : l));
            }
            out.writeBytes(TERMINATOR);
            return out.toByteArray();
        }
    }

    /** A SASL challenge (RFC 5034 section 4): {@code + base64}, or {@code + } for an empty one. */
    record Continuation(String base64) implements Pop3Response {
        public byte[] encode() {
            return line("+ " + base64);
        }
    }

    /** The line that ends a multi-line response. */
    byte[] TERMINATOR = {'.', '\r', '\n'};

    static Ok ok(String text) {
        return new Ok(text);
    }

    static Err err(String text) {
        return new Err(null, text);
    }

    static Err err(ResponseCode code, String text) {
        return new Err(code, text);
    }

    private static byte[] line(String s) {
        return (s + "\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
