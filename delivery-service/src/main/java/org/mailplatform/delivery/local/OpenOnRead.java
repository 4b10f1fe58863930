package org.mailplatform.delivery.local;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

/**
 * A stream that opens its source at the first read: a batch of appends hands the store one stream
 * per queued blob, and the store reads them one after the other, so only one S3 download is open
 * at a time and none is opened for a message the store never gets to.
 */
final class OpenOnRead extends InputStream {

    private final Supplier<InputStream> source;
    private InputStream in;

    OpenOnRead(Supplier<InputStream> source) {
        this.source = source;
    }

    private InputStream in() {
        if (in == null) {
            in = source.get();
        }
        return in;
    }

    @Override
    public int read() throws IOException {
        return in().read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return in().read(b, off, len);
    }

    @Override
    public void close() throws IOException {
        if (in != null) {
            in.close();
        }
    }
}
