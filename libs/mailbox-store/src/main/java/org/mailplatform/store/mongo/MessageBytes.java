package org.mailplatform.store.mongo;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;

/**
 * A range of a message's bytes, where the message is a stored prefix (a message appended by
 * reference, {@link org.mailplatform.store.BlobReference}) followed by a blob. The prefix's part of
 * the range comes from memory; the rest is one read of the blob, shifted by the prefix's length.
 */
final class MessageBytes {

    /** Reads {@code length} bytes at {@code offset} of the blob {@code blobKey}, which holds {@code blobSize} bytes. */
    @FunctionalInterface
    interface BlobReads {
        InputStream open(String blobKey, long blobSize, long offset, long length);
    }

    private MessageBytes() {
    }

    /**
     * {@code length} bytes (fewer at the end) at {@code offset} of the message of {@code size} bytes
     * that is {@code prefix} (null: none) then blob {@code blobKey}.
     */
    static InputStream open(byte[] prefix, String blobKey, long size, long offset, long length, BlobReads blob) {
        int p = prefix == null ? 0 : prefix.length;
        if (p == 0) {
            return blob.open(blobKey, size, offset, length);
        }
        long from = Math.max(0, offset);
        long end = Math.min(size, from + Math.max(0, Math.min(length, Long.MAX_VALUE - from)));
        if (from >= end) {
            return InputStream.nullInputStream();
        }
        long blobSize = size - p;
        if (from >= p) {
            return blob.open(blobKey, blobSize, from - p, end - from);
        }
        InputStream head = new ByteArrayInputStream(prefix, (int) from, (int) (Math.min(end, p) - from));
        if (end <= p) {
            return head;
        }
        return new SequenceInputStream(head, blob.open(blobKey, blobSize, 0, end - p));
    }
}
