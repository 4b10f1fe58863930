package org.mailplatform.imap.message;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Carries APPEND's message from the event loop (which receives it in chunks) to the blocking thread
 * that stores it, with at most {@value #CAPACITY} chunks in between: when the pipe is full the
 * session stops reading from the socket and resumes when the store has taken a chunk, so a fast
 * client cannot make the server buffer a large message.
 */
final class ChunkPipe extends InputStream {

    static final int CAPACITY = 8;
    private static final byte[] EOF = new byte[0];

    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(CAPACITY + 1);
    private final Runnable resume;
    private boolean paused;
    private volatile boolean aborted;
    private byte[] current;
    private int pos;
    private boolean ended;

    /** @param resume asks the session for the next chunk; called on the reading thread */
    ChunkPipe(Runnable resume) {
        this.resume = resume;
    }

    /**
     * Adds a chunk (event loop). Returns {@code true} if the next chunk may be read at once,
     * {@code false} if the pipe is full and {@code resume} will be called later.
     */
    synchronized boolean offer(byte[] chunk) {
        if (aborted) {
            return true;
        }
        queue.add(chunk);
        if (queue.size() >= CAPACITY) {
            paused = true;
            return false;
        }
        return true;
    }

    /** The message is complete (event loop). */
    void end() {
        if (!aborted) {
            queue.add(EOF);
        }
    }

    /** The store gave up: drop what is queued and let the session drain the rest of the literal. */
    void abort() {
        Runnable r = null;
        synchronized (this) {
            aborted = true;
            queue.clear();
            if (paused) {
                paused = false;
                r = resume;
            }
        }
        if (r != null) {
            r.run();
        }
    }

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
        while (current == null || pos >= current.length) {
            if (ended) {
                return -1;
            }
            try {
                current = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("APPEND interrupted", e);
            }
            pos = 0;
            if (current == EOF) {
                ended = true;
                return -1;
            }
            tookOne();
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }

    private void tookOne() {
        boolean wake;
        synchronized (this) {
            wake = paused && queue.size() < CAPACITY;
            if (wake) {
                paused = false;
            }
        }
        if (wake) {
            resume.run();
        }
    }
}
