package org.mailplatform.store;

import java.util.Objects;

/**
 * Message bytes that are already in the object store, appended by reference instead of copied: the
 * stored message is {@code prefix} followed by the blob's bytes. Final delivery uses it for the
 * queued message body, with the trace header lines it adds ({@code Return-Path}, {@code Delivered-To})
 * as the prefix, so the body is neither copied nor rewritten, and one body delivered to many local
 * recipients is stored once. Readers (IMAP, POP3, the REST API) get {@code prefix + blob} and its size.
 *
 * @param prefix  bytes served before the blob's (header lines ending in CRLF); may be empty
 * @param blobKey the blob, which the caller keeps (the store never deletes it on a failed append)
 */
public record BlobReference(byte[] prefix, String blobKey) {

    public BlobReference {
        prefix = prefix == null ? new byte[0] : prefix.clone();
        Objects.requireNonNull(blobKey, "blobKey");
    }

    @Override
    public byte[] prefix() {
        return prefix.clone();
    }
}
