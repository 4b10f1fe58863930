package org.mailplatform.pop3.server;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The limits of read-ahead (see {@link ReadAhead}) and the node-wide byte budget all sessions of a
 * node share, so that many sessions reading ahead at once cannot exhaust the heap: a read is only
 * started when it fits both its session's share and the node's.
 *
 * @see org.mailplatform.pop3.config.Pop3Properties
 */
public final class ReadAheadLimits {

    private final int window;
    private final long maxMessageSize;
    private final long sessionBytes;
    private final long nodeBytes;
    private final int parallelReads;
    private final AtomicLong reserved = new AtomicLong();

    /**
     * @param window         messages after the one just retrieved that may be read ahead; 0 disables read-ahead
     * @param maxMessageSize larger messages are never read ahead (they are streamed chunk by chunk)
     * @param sessionBytes   bytes one session may hold read ahead
     * @param nodeBytes      bytes all sessions of the node may hold read ahead together
     * @param parallelReads  most object-store reads one session's read-ahead makes at once
     */
    public ReadAheadLimits(int window, long maxMessageSize, long sessionBytes, long nodeBytes, int parallelReads) {
        if (window < 0 || maxMessageSize < 0 || sessionBytes < 0 || nodeBytes < 0 || parallelReads < 1) {
            throw new IllegalArgumentException("read-ahead limits must not be negative, parallel reads at least 1");
        }
        this.parallelReads = parallelReads;
        this.window = window;
        this.maxMessageSize = maxMessageSize;
        this.sessionBytes = sessionBytes;
        this.nodeBytes = nodeBytes;
    }

    public static ReadAheadLimits disabled() {
        return new ReadAheadLimits(0, 0, 0, 0, 1);
    }

    int window() {
        return window;
    }

    int parallelReads() {
        return parallelReads;
    }

    long maxMessageSize() {
        return maxMessageSize;
    }

    long sessionBytes() {
        return sessionBytes;
    }

    /** Reserves {@code bytes} of the node's budget; false (and nothing reserved) when they do not fit. */
    boolean tryReserve(long bytes) {
        while (true) {
            long now = reserved.get();
            if (now + bytes > nodeBytes) {
                return false;
            }
            if (reserved.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    void release(long bytes) {
        reserved.addAndGet(-bytes);
    }

    /** Bytes read ahead (or being read) on this node now; a gauge. */
    public long reservedBytes() {
        return reserved.get();
    }
}
