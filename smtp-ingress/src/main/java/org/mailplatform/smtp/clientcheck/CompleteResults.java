package org.mailplatform.smtp.clientcheck;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

/**
 * DNS lookups' results reused for a while, only those whose every question was answered: a result
 * with a failed lookup (a list that timed out, counted as not listing) is dropped once read, so the
 * next session asks again instead of trusting the failure for the whole TTL. Concurrent sessions
 * asking about the same key share one lookup. Micrometer's {@code cache.*} meters under {@code name}.
 *
 * @param <K> what is looked up (a client address, a sender domain)
 * @param <V> what is found out
 */
final class CompleteResults<K, V> {

    /** A result, and whether every lookup behind it answered. */
    record Result<V>(V value, boolean complete) {
    }

    private final AsyncCache<K, Result<V>> cache;

    CompleteResults(String name, Duration ttl, long size, MeterRegistry meters) {
        this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(size).recordStats().buildAsync();
        CaffeineCacheMetrics.monitor(meters, cache, name);
    }

    CompletableFuture<V> get(K key, Function<K, CompletableFuture<Result<V>>> lookUp) {
        CompletableFuture<Result<V>> result = cache.get(key, (k, executor) -> lookUp.apply(k));
        return result.thenApply(r -> {
            if (!r.complete()) {
                cache.asMap().remove(key, result);
            }
            return r.value();
        });
    }
}
