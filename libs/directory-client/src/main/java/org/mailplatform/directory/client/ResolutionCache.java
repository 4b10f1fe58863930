package org.mailplatform.directory.client;

import java.util.Locale;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

/**
 * Short-lived cache of resolutions: definite answers only (a local user or an expansion for
 * {@code cacheTtl}, unknown user / foreign domain for {@code negativeCacheTtl}); an unavailable
 * directory is never remembered. Keys are case-folded, as auth-service matches addresses.
 */
final class ResolutionCache {

    private final Cache<String, Resolution> cache;

    ResolutionCache(DirectoryClientSettings settings, MeterRegistry meters) {
        long positive = settings.cacheTtl().toNanos();
        long negative = settings.negativeCacheTtl().toNanos();
        this.cache = Caffeine.newBuilder().maximumSize(settings.cacheMaxSize()).recordStats()
                .expireAfter(new Expiry<String, Resolution>() {
                    @Override
                    public long expireAfterCreate(String key, Resolution value, long now) {
                        return value instanceof Resolution.LocalUser || value instanceof Resolution.Expanded
                                ? positive : negative;
                    }

                    @Override
                    public long expireAfterUpdate(String key, Resolution value, long now, long current) {
                        return expireAfterCreate(key, value, now);
                    }

                    @Override
                    public long expireAfterRead(String key, Resolution value, long now, long current) {
                        return current;
                    }
                }).build();
        CaffeineCacheMetrics.monitor(meters, cache, "directory.resolve");
    }

    Resolution get(String address) {
        return cache.getIfPresent(key(address));
    }

    void put(String address, Resolution resolution) {
        if (!(resolution instanceof Resolution.Unavailable)) {
            cache.put(key(address), resolution);
        }
    }

    private static String key(String address) {
        return address.strip().toLowerCase(Locale.ROOT);
    }
}
