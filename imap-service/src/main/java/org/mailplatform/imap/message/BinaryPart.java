package org.mailplatform.imap.message;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.apache.james.mime4j.codec.Base64InputStream;
import org.apache.james.mime4j.codec.QuotedPrintableInputStream;
import org.mailplatform.mime.BodyPart;
import org.mailplatform.mime.MessageSummary;
import org.mailplatform.mime.SectionLocator;

/**
 * The decoded content of a part for FETCH BINARY[part] and BINARY.SIZE[part] (RFC 3516, RFC 9051
 * section 6.4.5): the part's body with its Content-Transfer-Encoding undone. {@code BINARY[]} is the
 * whole message as stored. Multiparts and messages are never encoded, so they come as they are.
 *
 * @param offset   where the encoded bytes are in the message
 * @param length   how many
 * @param encoding the Content-Transfer-Encoding to undo, upper case ({@code 7BIT} for none)
 */
record BinaryPart(long offset, long length, String encoding) {

    /** A part whose transfer encoding the server cannot undo: the answer is NO [UNKNOWN-CTE]. */
    static final class UnknownEncodingException extends RuntimeException {
        UnknownEncodingException(String encoding) {
            super("unknown Content-Transfer-Encoding " + encoding);
        }
    }

    /** The part, or empty if the message has none with that number. */
    static Optional<BinaryPart> locate(MessageSummary summary, List<Integer> path) {
        if (path.isEmpty()) {
            return Optional.of(new BinaryPart(0, summary.size(), "BINARY"));
        }
        return SectionLocator.part(summary, path).map(p -> new BinaryPart(p.bodyOffset(), p.bodySize(), encodingOf(p)));
    }

    private static String encodingOf(BodyPart p) {
        return p.isMultipart() || p.isMessage() || p.encoding() == null ? "7BIT" : p.encoding().toUpperCase(Locale.ROOT);
    }

    /** Undoes the transfer encoding of {@code raw} (the part's encoded bytes). */
    InputStream decode(InputStream raw) {
        return switch (encoding) {
            case "7BIT", "8BIT", "BINARY" -> raw;
            case "BASE64" -> new Base64InputStream(raw);
            case "QUOTED-PRINTABLE" -> new QuotedPrintableInputStream(raw);
            default -> throw new UnknownEncodingException(encoding);
        };
    }

    /** What one pass over the decoded content learns: its size and whether it holds a NUL (literal8). */
    record Measure(long size, boolean hasNul) {
    }

    static Measure measure(InputStream decoded) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long size = 0;
        boolean nul = false;
        for (int n; (n = decoded.read(buf)) > 0; ) {
            size += n;
            for (int i = 0; i < n && !nul; i++) {
                nul = buf[i] == 0;
            }
        }
        return new Measure(size, nul);
    }
}
