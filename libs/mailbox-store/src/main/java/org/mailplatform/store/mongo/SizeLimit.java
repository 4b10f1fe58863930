package org.mailplatform.store.mongo;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import org.mailplatform.store.MessageTooLargeException;

/**
 * Counts the bytes read through it and refuses, with {@link MessageTooLargeException}, to go past
 * the largest message the store takes, as it is spooled or, appended by reference, parsed straight
 * from its blob.
 */
final class SizeLimit extends FilterInputStream {

    private final long max;
    private long count;

    SizeLimit(InputStream in, long max) {
        super(in);
        this.max = max;
    }

    long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // skipped bytes are bytes of the message too: read them, so they are counted
        byte[] buf = new byte[(int) Math.min(8192, Math.max(0, n))];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void counted(int n) {
        count += n;
        if (count > max) {
            throw new MessageTooLargeException(max);
        }
    }
}
