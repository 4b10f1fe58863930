package org.mailplatform.sieve;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;

/**
 * The parts of a message's body the {@code body} test (RFC 5173) searches, decoded (transfer
 * encoding and charset), bounded: at most {@code maxBytes} bytes of the message are read, and at
 * most {@code maxChars} characters of text kept over all parts together. Parsing is lenient; a
 * message cut short by the bound, or broken, yields what was read.
 */
final class BodyText {

    /** One leaf part: its content type (lower case, e.g. {@code text/plain}) and decoded text. */
    record Part(String type, String text) {
    }

    private BodyText() {
    }

    static List<Part> parts(InputStream message, long maxBytes, int maxChars, int maxHeaderFields)
            throws IOException {
        MimeTokenStream tokens = new MimeTokenStream(MimeConfig.custom().setMaxHeaderCount(maxHeaderFields)
                .setMaxHeaderLen(-1).setMaxLineLen(-1).setMaxContentLen(-1).build());
        tokens.parse(new BoundedInputStream(message, maxBytes));
        List<Part> parts = new ArrayList<>();
        int left = maxChars;
        try {
            for (EntityState s = tokens.getState(); s != EntityState.T_END_OF_STREAM && left > 0; s = tokens.next()) {
                if (s != EntityState.T_BODY) {
                    continue;
                }
                BodyDescriptor d = tokens.getBodyDescriptor();
                String type = d.getMimeType() == null ? "text/plain" : d.getMimeType().toLowerCase(Locale.ROOT);
                StringBuilder text = new StringBuilder();
                try (Reader r = new InputStreamReader(tokens.getDecodedInputStream(), charset(d.getCharset()))) {
                    char[] buf = new char[4096];
                    int n;
                    while (left > 0 && (n = r.read(buf, 0, Math.min(buf.length, left))) > 0) {
                        text.append(buf, 0, n);
                        left -= n;
                    }
                }
                parts.add(new Part(type, text.toString()));
            }
        } catch (MimeException broken) {
            // too many header fields in a part, or a structure mime4j gives up on: what was read counts
        }
        return parts;
    }

    private static Charset charset(String name) {
        try {
            // no charset: UTF-8, which reads US-ASCII (the RFC 2045 default) alike and the many 8-bit messages that omit it
            return name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
        } catch (IllegalArgumentException unknown) {
            return StandardCharsets.UTF_8;
        }
    }

    /** Reads at most {@code limit} bytes of {@code in}, then reports its end. */
    private static final class BoundedInputStream extends InputStream {
        private final InputStream in;
        private long left;

        BoundedInputStream(InputStream in, long limit) {
            this.in = in;
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}
