package org.mailplatform.store.mongo;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

import org.apache.james.mime4j.codec.QuotedPrintableInputStream;
import org.mailplatform.mime.BodyPart;
import org.mailplatform.mime.EncodedWords;
import org.mailplatform.mime.HeaderField;
import org.mailplatform.mime.MessageSummary;

/**
 * SEARCH BODY / TEXT on message content: reads each text part by its offsets (a ranged read),
 * undoes its transfer encoding (base64, quoted-printable) and charset, and looks for the text
 * case-insensitively. TEXT also looks in the top-level header with encoded words decoded.
 */
final class TextScanner {

    private final MessageBytes.BlobReads blobs;

    TextScanner(MessageBytes.BlobReads blobs) {
        this.blobs = blobs;
    }

    /** Bytes a scan of this message may read (for the search budget). */
    static long cost(MessageSummary summary) {
        return textBytes(summary.body());
    }

    /** Whether the message (its {@code prefix}, null for none, then blob {@code blobKey}) contains {@code text}. */
    boolean contains(String blobKey, byte[] prefix, long size, MessageSummary summary, String text, boolean withHeader)
            throws IOException {
        String needle = text.toLowerCase(Locale.ROOT);
        if (needle.isEmpty()) {
            return true;
        }
        if (withHeader) {
            for (HeaderField f : summary.headers()) {
                if ((f.name() + ": " + EncodedWords.decode(f.value())).toLowerCase(Locale.ROOT).contains(needle)) {
                    return true;
                }
            }
        }
        return scan(new Stored(blobKey, prefix, size), summary.body(), needle);
    }

    private record Stored(String blobKey, byte[] prefix, long size) {
    }

    private boolean scan(Stored key, BodyPart part, String needle) throws IOException {
        if (part.isMultipart()) {
            for (BodyPart child : part.parts()) {
                if (scan(key, child, needle)) {
                    return true;
                }
            }
            return false;
        }
        if (part.isMessage()) {
            return scan(key, part.message(), needle);
        }
        if (!part.isText() || part.bodySize() == 0) {
            return false;
        }
        try (InputStream raw = MessageBytes.open(key.prefix(), key.blobKey(), key.size(), part.bodyOffset(),
                part.bodySize(), blobs);
             Reader reader = new InputStreamReader(decode(raw, part.encoding()), charset(part.charset()))) {
            return contains(reader, needle);
        }
    }

    private static long textBytes(BodyPart part) {
        if (part.isMultipart()) {
            return part.parts().stream().mapToLong(TextScanner::textBytes).sum();
        }
        if (part.isMessage()) {
            return textBytes(part.message());
        }
        return part.isText() ? part.bodySize() : 0;
    }

    private static InputStream decode(InputStream raw, String encoding) {
        return switch (encoding) {
            case "BASE64" -> Base64.getMimeDecoder().wrap(raw);
            case "QUOTED-PRINTABLE" -> new QuotedPrintableInputStream(raw);
            default -> raw;
        };
    }

    private static Charset charset(String name) {
        try {
            return name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
        } catch (RuntimeException e) {
            return StandardCharsets.ISO_8859_1;
        }
    }

    private static boolean contains(Reader reader, String needle) throws IOException {
        char[] buf = new char[32 * 1024];
        StringBuilder window = new StringBuilder();
        int n;
        while ((n = reader.read(buf)) > 0) {
            window.append(buf, 0, n);
            if (window.toString().toLowerCase(Locale.ROOT).contains(needle)) {
                return true;
            }
            int keep = Math.min(window.length(), needle.length() - 1);
            window.delete(0, window.length() - keep);
        }
        return false;
    }
}
