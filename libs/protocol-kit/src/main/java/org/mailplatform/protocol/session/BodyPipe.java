package org.mailplatform.protocol.session;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Carries a message body received in chunks (SMTP DATA and BDAT, IMAP APPEND's literal) from the
 * event loop (writer, never blocks) to the blocking work that stores it (reader, blocks). At most
 * {@code highWater} bytes wait in between: above it, {@link #write} answers {@code false} and the
 * session stops asking the network for more until {@code onDrained} runs (on the reader's thread)
 * once the reader has caught up to half. So the heap a connection holds for a body is bounded by
 * {@code highWater} plus one chunk, whatever the message size and however fast the client sends.
 * <p>
 * Two ways to give up: the writer {@link #abort}s (the body will not be completed: the reader
 * fails), or the reader is {@linkplain #readerGone gone} (the store failed or finished): later
 * chunks are dropped and a waiting writer is released, so the session can read the client's data
 * to its end and answer with its protocol's error.
 */
public final class BodyPipe {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private final long highWater;
    private final Runnable onDrained;
    private long buffered;
    private boolean finished;
    private boolean aborted;
    private boolean readerGone;
    private boolean writerWaiting;

    /**
     * @param highWater bytes that may wait for the reader before the writer is told to stop
     * @param onDrained tells the session to read again after {@link #write} said no; runs on the
     *                  reader's thread (or the one calling {@link #readerGone}), so it should hand
     *                  over to the event loop
     */
    public BodyPipe(long highWater, Runnable onDrained) {
        if (highWater < 1) {
            throw new IllegalArgumentException("highWater must be positive: " + highWater);
        }
        this.highWater = highWater;
        this.onDrained = onDrained;
    }

    /**
     * Adds a chunk (event loop). Once the reader is gone or the body aborted, chunks are dropped.
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

    /** The reader stopped (store ended or failed); later writes are dropped and the writer released. */
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

    /**
     * The stream the store reads; one reader only. Closing it counts as {@link #readerGone}. A read
     * interrupted (shutdown) fails with an {@link InterruptedIOException}, the interrupt kept.
     */
    public InputStream input() {
        return new Input();
    }

    /** Takes the next chunk, waiting for one; {@code null} at the end of the body. */
    private byte[] take() throws IOException {
        boolean drained = false;
        byte[] next;
        lock.lock();
        try {
            while (chunks.isEmpty() && !finished && !aborted) {
                try {
                    readable.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for the message body");
                }
            }
            if (aborted) {
                throw new IOException("message body aborted");
            }
            next = chunks.poll();
            if (next == null) {
                return null;
            }
            buffered -= next.length;
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
        return next;
    }

    private final class Input extends InputStream {

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
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            if (pos == current.length) {
                byte[] next = take();
                if (next == null) {
                    return -1;
                }
                current = next;
                pos = 0;
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public void close() {
            readerGone();
        }
    }
}
