package org.mailplatform.gateway.limit;

import java.util.function.LongSupplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * One token bucket per client, in memory. Bounded: at most {@code maxClients} buckets, each
 * forgotten after an idle period, so a flood of distinct client keys cannot exhaust the heap. Each
 * gateway replica limits on its own, so the effective limit is the configured one times the number
 * of replicas (docs/deployment.md).
 */
public final class ClientRateLimiter {

    private final LimitProperties limits;
    private final LongSupplier clock;
    private final Cache<String, TokenBucket> buckets;

    public ClientRateLimiter(LimitProperties limits, LongSupplier nanoClock) {
        this.limits = limits;
        this.clock = nanoClock;
        this.buckets = Caffeine.newBuilder().maximumSize(limits.maxClients())
                .expireAfterAccess(limits.clientIdleExpiry()).build();
    }

    TokenBucket.Decision tryAcquire(String clientKey) {
        long now = clock.getAsLong();
        return buckets.get(clientKey, k -> new TokenBucket(limits.burst(), limits.requestsPerSecond(), now)).tryTake(now);
    }

    long trackedClients() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }
}
