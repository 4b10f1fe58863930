package org.mailplatform.blob;

import java.io.InputStream;
import java.util.List;
import java.util.stream.Stream;

/**
 * Immutable message bytes in S3-compatible storage. Every method fails with
 * {@link BlobStoreUnavailableException} when the store cannot be reached (callers answer with a
 * temporary error) and with {@link BlobNotFoundException} when the blob does not exist.
 */
public interface BlobStore {

    /**
     * Stores {@code content} under {@code key}, streaming it: the content is never held whole in
     * memory.
     *
     * @param size the exact length, or {@code -1} when unknown (multipart upload)
     * @return the number of bytes stored
     */
    long put(BlobKey key, InputStream content, long size);

    /** The whole blob; the caller closes the stream. */
    InputStream open(BlobKey key);

    /** {@code length} bytes starting at {@code offset} (a ranged GET); the caller closes the stream. */
    InputStream openRange(BlobKey key, long offset, long length);

    /** Removes the blob; removing a missing blob is not an error. */
    void delete(BlobKey key);

    boolean exists(BlobKey key);

    /** Up to {@code max} keys that start with {@code prefix}, in key order (for garbage collection). */
    List<BlobInfo> list(String prefix, int max);

    /**
     * One page of a listing: up to {@code max} keys that start with {@code prefix} and sort after
     * {@code startAfter} ({@code null}: from the first key), in key order. The next page starts
     * after the last key of this one; an empty page is the end.
     */
    List<BlobInfo> listPage(String prefix, String startAfter, int max);

    /**
     * Every key that starts with {@code prefix}, in key order, fetched one page of {@code pageSize}
     * at a time as the stream is consumed: a prefix with millions of keys costs the memory of one
     * page. Each page starts after the last key seen, so blobs deleted while walking (by the
     * consumer or anyone else) neither hide nor repeat keys. Each page is fetched (and retried) on
     * its own, so a failure surfaces from the stream as {@link BlobStoreUnavailableException}.
     */
    default Stream<BlobInfo> walk(String prefix, int pageSize) {
        return BlobPages.stream(this, prefix, pageSize);
    }

    /**
     * @param key          the blob's key
     * @param size         its length in bytes
     * @param lastModified when it was written, in epoch milliseconds
     */
    record BlobInfo(BlobKey key, long size, long lastModified) {
    }
}
