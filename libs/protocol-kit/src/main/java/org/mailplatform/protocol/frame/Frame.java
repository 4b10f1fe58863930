package org.mailplatform.protocol.frame;

import java.nio.charset.StandardCharsets;

/**
 * What the {@link Framer} hands to a protocol's decoder: a line, the news that a line was too long,
 * or a chunk of a byte stream (SMTP DATA/BDAT, an IMAP literal).
 */
public sealed interface Frame {

    /**
     * One line without its terminator.
     *
     * @param bytes the line's bytes, CR LF removed
     * @param crlf  {@code true} if it ended in CR LF, {@code false} if in a bare LF
     */
    record Line(byte[] bytes, boolean crlf) implements Frame {

        /** The line as ISO-8859-1 text, byte for char: for logs and tests. */
        public String text() {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }

        @Override
        public String toString() {
            return "Line[" + text() + (crlf ? "" : " (bare LF)") + "]";
        }
    }

    /**
     * A line longer than the limit. Its bytes up to the next LF are discarded; the next frame
     * starts after that LF.
     *
     * @param limit the limit that was exceeded, in bytes without the terminator
     */
    record LineTooLong(int limit) implements Frame {
    }

    /**
     * A piece of a byte stream.
     *
     * @param bytes the piece (may be empty for the last one)
     * @param last  {@code true} for the stream's final piece; the framer is back in line mode after it
     */
    record Chunk(byte[] bytes, boolean last) implements Frame {

        @Override
        public String toString() {
            return "Chunk[" + bytes.length + (last ? ", last]" : "]");
        }
    }
}
