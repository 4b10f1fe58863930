package org.mailplatform.store.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The cluster-wide cache of small messages' bytes in MongoDB ({@code mail.store.shared-body-cache.*},
 * ADR 0211). A record of its own rather than more components of {@link MailboxStoreProperties}, so
 * the store's constructor stays as callers know it.
 *
 * @param maxBlob    largest blob kept (default 16KB); 0 turns the cache off. Every node of a
 *                   cluster should use the same value
 * @param ttl        how long an entry is kept after it was written (default 1 day): long enough for
 *                   every client to have downloaded new mail once; the object store serves it after
 * @param writeQueue most entries waiting to be written (default 1024, at most {@code maxBlob} bytes
 *                   each, together at most 64MB); when it is full, entries are dropped, never
 *                   waited for
 */
@ConfigurationProperties("mail.store.shared-body-cache")
public record SharedBodyCacheProperties(DataSize maxBlob, Duration ttl, Integer writeQueue) {

    /** The most heap the write queue may hold: {@code maxBlob} x {@code writeQueue}. */
    static final long MAX_QUEUED_BYTES = 64L * 1024 * 1024;

    public SharedBodyCacheProperties {
        maxBlob = maxBlob == null ? DataSize.ofKilobytes(16) : maxBlob;
        ttl = ttl == null ? Duration.ofDays(1) : ttl;
        writeQueue = writeQueue == null ? 1024 : writeQueue;
        if (maxBlob.toBytes() < 0 || maxBlob.toBytes() > DataSize.ofMegabytes(1).toBytes()) {
            throw new IllegalArgumentException("mail.store.shared-body-cache.max-blob must be between 0 and 1MB");
        }
        if (ttl.isNegative() || ttl.isZero() || writeQueue < 1) {
            throw new IllegalArgumentException("mail.store.shared-body-cache.ttl and write-queue must be positive");
        }
        if (maxBlob.toBytes() * writeQueue > MAX_QUEUED_BYTES) {
            // the queue holds up to write-queue copies of up to max-blob bytes each, all on the heap
            throw new IllegalArgumentException("mail.store.shared-body-cache: max-blob x write-queue must not exceed 64MB");
        }
    }

    /** All defaults. */
    public static SharedBodyCacheProperties defaults() {
        return new SharedBodyCacheProperties(null, null, null);
    }

    /** The cache turned off. */
    public static SharedBodyCacheProperties off() {
        return new SharedBodyCacheProperties(DataSize.ofBytes(0), null, null);
    }

    public boolean enabled() {
        return maxBlob.toBytes() > 0;
    }
}
