package org.mailplatform.store;

import java.util.Objects;

/**
 * Message bytes that are already in the object store, appended by reference instead of copied: the
 * stored message is {@code prefix} followed by the blob's bytes. Final delivery uses it for the
 * queued message body, with the trace header lines it adds ({@code Return-Path}, {@code Delivered-To})
 * as the prefix, so the body is neither copied nor rewritten, and one body delivered to many local
 * recipients is stored once. Readers (IMAP, POP3, the REST API) get {@code prefix + blob} and its size.
 *
 * @param prefix   bytes served before the blob's (header lines ending in CRLF); may be empty
 * @param blobKey  the blob, which the caller keeps (the store never deletes it on a failed append)
 * @param blobSize the blob's size as the caller knows it, or -1: a hint only (a small blob is then read
 *                 through the node's body cache, so one queued message delivered to many users of a
 *                 node is fetched once); the size stored is the one counted while reading
 * @param content  the blob's bytes when the caller has them (a small queued message carried in its
 *                 queue record), or null: read instead of the object store when they are
 *                 {@code blobSize} long. They must be exactly the blob's; the blob stays the message's
 *                 bytes for every later reader
 */
public record BlobReference(byte[] prefix, String blobKey, long blobSize, byte[] content) {

    public BlobReference {
        prefix = prefix == null ? new byte[0] : prefix.clone();
        Objects.requireNonNull(blobKey, "blobKey");
        content = content == null || content.length != blobSize ? null : content; // shared, never changed
    }

    /** A reference whose bytes the store reads from the object store. */
    public BlobReference(byte[] prefix, String blobKey, long blobSize) {
        this(prefix, blobKey, blobSize, null);
    }

    /** A reference whose blob size the caller does not know. */
    public BlobReference(byte[] prefix, String blobKey) {
        this(prefix, blobKey, -1, null);
    }

    @Override
    public byte[] prefix() {
        return prefix.clone();
    }
}
