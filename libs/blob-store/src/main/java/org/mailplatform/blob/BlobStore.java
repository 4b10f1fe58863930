package org.mailplatform.blob;

import java.io.InputStream;
import java.util.List;

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
     * @param key          the blob's key
     * @param size         its length in bytes
     * @param lastModified when it was written, in epoch milliseconds
     */
    record BlobInfo(BlobKey key, long size, long lastModified) {
    }
}
