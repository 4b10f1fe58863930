package org.mailplatform.store.mongo;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import org.mailplatform.blob.BlobStoreUnavailableException;

/**
 * A node-local cache of the raw bytes of small messages, by blob key. Blobs are written once and
 * never changed, so an entry needs no invalidation. A client reading a message again (opening it
 * twice, a body part after the whole, another device of the same user on this node) then costs no
 * object-store request: the role the page cache plays for Dovecot's files and its local cache for
 * object storage. Only messages up to {@code mail.store.body-cache-max-message} are kept, read whole
 * on first use; larger ones always stream from the store. Bounded by bytes
 * ({@code mail.store.body-cache-size}, 0 turns it off); metrics {@code cache.*{cache=mail.store.bodies}}.
 * Callers check ownership before they ask, as for an object-store read.
 */
final class BodyCache {

    private final Cache<String, byte[]> cache;
    private final long maxMessage;

    BodyCache(long maxBytes, long maxMessage, MeterRegistry meters) {
        this.maxMessage = Math.min(maxMessage, Integer.MAX_VALUE - 8);
        this.cache = maxBytes <= 0 || maxMessage <= 0 ? null : Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String key, byte[] bytes) -> 64 + key.length() * 2 + bytes.length)
                .recordStats()
                .build();
        if (cache != null) {
            CaffeineCacheMetrics.monitor(meters, cache, "mail.store.bodies");
        }
    }

    /**
     * {@code length} bytes at {@code offset} of a message of {@code size} bytes, from the cache or
     * read whole through {@code open} and kept; null when the message is too large to keep (the
     * caller then streams it from the object store).
     */
    InputStream open(String blobKey, long size, long offset, long length, Supplier<InputStream> open) {
        if (cache == null || size > maxMessage) {
            return null;
        }
        // read outside the cache: a loading get would hold a lock of the cache's map across the S3 GET,
        // stalling other keys that hash alike; two readers of one new message may both read it
        byte[] whole = cache.getIfPresent(blobKey);
        if (whole == null) {
            whole = read(open, size);
            if (whole == null) {
                return null;
            }
            cache.put(blobKey, whole);
        }
        int from = (int) Math.min(offset, whole.length);
        return new ByteArrayInputStream(whole, from, (int) Math.min(length, whole.length - from));
    }

    /** The bytes of blob {@code blobKey} if they are cached here, else null; reads nothing. */
    byte[] peek(String blobKey) {
        return cache == null ? null : cache.getIfPresent(blobKey);
    }

    /** Keeps the whole bytes of blob {@code blobKey}, read elsewhere (the shared cache), if they fit. */
    void put(String blobKey, byte[] whole) {
        if (cache != null && whole.length <= maxMessage) {
            cache.put(blobKey, whole);
        }
    }

    /** The whole blob, or null (nothing kept) if it turns out larger than its recorded size allows. */
    private byte[] read(Supplier<InputStream> open, long size) {
        try (InputStream in = open.get()) {
            byte[] bytes = in.readNBytes((int) maxMessage + 1);
            return bytes.length > maxMessage ? null : bytes;
        } catch (IOException e) {
            throw new BlobStoreUnavailableException("reading a message failed: " + e.getMessage(), e);
        }
    }
}
