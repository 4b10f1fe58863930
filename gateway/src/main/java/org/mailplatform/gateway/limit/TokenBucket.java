package org.mailplatform.gateway.limit;

/**
 * A token bucket: holds at most {@code capacity} tokens, refilled continuously at
 * {@code refillPerSecond}; a request takes one token or is refused. Time is passed in, so the
 * bucket is deterministic under test.
 */
final class TokenBucket {

    private final double capacity;
    private final double refillPerNano;
    private double tokens;
    private long lastRefillNanos;

    TokenBucket(int capacity, double refillPerSecond, long nowNanos) {
        this.capacity = capacity;
        this.refillPerNano = refillPerSecond / 1_000_000_000d;
        this.tokens = capacity;
        this.lastRefillNanos = nowNanos;
    }

    /** Takes one token if there is one. */
    synchronized Decision tryTake(long nowNanos) {
        refill(nowNanos);
        if (tokens >= 1) {
            tokens -= 1;
            return new Decision(true, (long) Math.floor(tokens), 0);
        }
        long waitNanos = (long) Math.ceil((1 - tokens) / refillPerNano);
        return new Decision(false, 0, waitNanos);
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastRefillNanos;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * refillPerNano);
            lastRefillNanos = nowNanos;
        }
    }

    /**
     * @param allowed      whether the request may pass
     * @param remaining    whole tokens left after this request
     * @param retryInNanos when refused, how long until a token is available
     */
    record Decision(boolean allowed, long remaining, long retryInNanos) {
    }
}
