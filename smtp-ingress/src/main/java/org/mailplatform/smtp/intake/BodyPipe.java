package org.mailplatform.smtp.intake;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Carries a message body from the event loop (writer, never blocks) to the S3 upload on a virtual
 * thread (reader, blocks). At most {@code highWater} bytes wait in between: above it,
 * {@link #write} answers {@code false} and the session stops asking the network for more until
 * {@code onDrained} runs (from the reader's thread) once the reader has caught up to half. So the
 * heap a connection uses for its body is bounded whatever the message size.
 */
public final class BodyPipe {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private final int highWater;
    private final Runnable onDrained;
    private long buffered;
    private boolean finished;
    private boolean aborted;
    private boolean readerGone;
    private boolean writerWaiting;

    public BodyPipe(int highWater, Runnable onDrained) {
        this.highWater = highWater;
        this.onDrained = onDrained;
    }

    /**
     * Adds a chunk. Once the reader has given up (upload failed) chunks are dropped, so the session
     * can still read the client's data to its end and answer with a temporary failure.
     *
     * @return {@code true} if the writer may send more now, {@code false} to wait for {@code onDrained}
     */
    public boolean write(byte[] chunk) {
        lock.lock();
        try {
            if (readerGone || aborted) {
                return true;
            }
            if (chunk.length > 0) {
                chunks.add(chunk);
                buffered += chunk.length;
                readable.signal();
            }
            writerWaiting = buffered > highWater;
            return !writerWaiting;
        } finally {
            lock.unlock();
        }
    }

    /** Bytes written and not yet read. */
    public long buffered() {
        lock.lock();
        try {
            return buffered;
        } finally {
            lock.unlock();
        }
    }

    /** The body is complete: the reader sees end of stream after the last chunk. */
    public void finish() {
        lock.lock();
        try {
            finished = true;
            readable.signal();
        } finally {
            lock.unlock();
        }
    }

    /** The body will not be completed (oversize, refused, connection lost): the reader fails. */
    public void abort() {
        lock.lock();
        try {
            aborted = true;
            chunks.clear();
            buffered = 0;
            readable.signal();
        } finally {
            lock.unlock();
        }
    }

    /** The stream the upload reads; one reader only. */
    public InputStream input() {
        return new InputStream() {
            private byte[] current = new byte[0];
            private int pos;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                if (pos == current.length && !next()) {
                    return -1;
                }
                int n = Math.min(len, current.length - pos);
                System.arraycopy(current, pos, b, off, n);
                pos += n;
                return n;
            }

            private boolean next() throws IOException {
                boolean drained = false;
                lock.lock();
                try {
                    while (chunks.isEmpty() && !finished && !aborted) {
                        readable.awaitUninterruptibly();
                    }
                    if (aborted) {
                        throw new IOException("message body aborted");
                    }
                    if (chunks.isEmpty()) {
                        return false;
                    }
                    current = chunks.poll();
                    pos = 0;
                    buffered -= current.length;
                    if (writerWaiting && buffered <= highWater / 2) {
                        writerWaiting = false;
                        drained = true;
                    }
                } finally {
                    lock.unlock();
                }
                if (drained) {
                    onDrained.run();
                }
                return true;
            }

            @Override
            public void close() {
                readerGone();
            }
        };
    }

    /** The reader stopped (upload ended or failed); later writes are dropped and the writer released. */
    public void readerGone() {
        boolean release;
        lock.lock();
        try {
            readerGone = true;
            chunks.clear();
            buffered = 0;
            release = writerWaiting;
            writerWaiting = false;
        } finally {
            lock.unlock();
        }
        if (release) {
            onDrained.run();
        }
    }
}
