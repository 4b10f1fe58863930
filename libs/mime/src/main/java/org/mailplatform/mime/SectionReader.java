package org.mailplatform.mime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a located section from a source of byte ranges (a ranged S3 GET, a file, an array). */
public final class SectionReader {

    /** Opens {@code length} bytes of the message starting at {@code offset}. */
    @FunctionalInterface
    public interface RangeSource {
        InputStream open(long offset, long length) throws IOException;
    }

    private SectionReader() {
    }

    /** The section's bytes as a stream; header filtering reads the (bounded) header into memory. */
    public static InputStream open(SectionLocator.Located section, RangeSource source) throws IOException {
        if (section.length() == 0) {
            return section.filter() == null ? InputStream.nullInputStream()
                    : new ByteArrayInputStream(section.filter().apply(new byte[0]));
        }
        InputStream in = source.open(section.offset(), section.length());
        if (section.filter() == null) {
            return in;
        }
        try (in) {
            return new ByteArrayInputStream(section.filter().apply(in.readAllBytes()));
        }
    }

    /** A source over a message held in memory. */
    public static RangeSource of(byte[] message) {
        return (offset, length) -> new ByteArrayInputStream(message, (int) offset,
                (int) Math.min(length, message.length - offset));
    }
}
