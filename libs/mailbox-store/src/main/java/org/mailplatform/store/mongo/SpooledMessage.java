package org.mailplatform.store.mongo;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;


/**
 * A message being appended, held in memory up to a threshold and in a temporary file beyond it, so
 * it can be read twice (parse, then upload with a known length) without ever being whole in the heap.
 */
final class SpooledMessage implements AutoCloseable {

    private final byte[] bytes;
    private final Path file;
    private final long size;

    private SpooledMessage(byte[] bytes, Path file, long size) {
        this.bytes = bytes;
        this.file = file;
        this.size = size;
    }

    static SpooledMessage read(InputStream content, int memoryThreshold, long maxSize) {
        InputStream in = new SizeLimit(content, maxSize);
        try {
            ByteArrayOutputStream memory = new ByteArrayOutputStream();
            byte[] buf = new byte[16 * 1024];
            long total = 0;
            int n;
            while (total <= memoryThreshold && (n = in.read(buf)) > 0) {
                memory.write(buf, 0, n);
                total += n;
            }
            if (total <= memoryThreshold) {
                return new SpooledMessage(memory.toByteArray(), null, total);
            }
            Path file = Files.createTempFile("append-", ".eml");
            try (OutputStream out = Files.newOutputStream(file)) {
                memory.writeTo(out);
                while ((n = in.read(buf)) > 0) {
                    out.write(buf, 0, n);
                    total += n;
                }
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(file);
                throw e;
            }
            return new SpooledMessage(null, file, total);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the message", e);
        }
    }

    long size() {
        return size;
    }

    /** The whole message when it is held in memory, else null (it went to a temporary file). */
    byte[] inMemory() {
        return bytes;
    }

    InputStream open() throws IOException {
        return bytes != null ? new ByteArrayInputStream(bytes) : Files.newInputStream(file);
    }

    @Override
    public void close() {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temp file left behind is cleaned with the temp directory
            }
        }
    }
}
