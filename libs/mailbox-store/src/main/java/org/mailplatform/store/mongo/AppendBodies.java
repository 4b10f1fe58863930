package org.mailplatform.store.mongo;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

import org.mailplatform.blob.BlobKey;
import org.mailplatform.blob.BlobStore;
import org.mailplatform.mime.MessageParser;
import org.mailplatform.mime.MessageSummary;
import org.mailplatform.model.Principal;
import org.mailplatform.store.AppendRequest;
import org.mailplatform.store.BlobReference;

/**
 * The bytes side of an append, before its batch stores it: the message spooled, parsed once and
 * written to a blob of the store's own, or, appended by reference, read once from a blob its caller
 * keeps and parsed behind its prefix. Also gives a body up again when its append fails, deleting only
 * a blob it wrote itself.
 */
final class AppendBodies {

    /**
     * A parsed message and where its bytes are.
     *
     * @param prefix     bytes before the blob's (appended by reference), or null
     * @param contentKey names the bytes when there is a prefix ({@link #contentKey}), else null
     * @param blobBytes  the blob's bytes when it is small enough for the shared body cache, else null:
     *                   offered to the cache once the message is stored
     */
    record Body(long size, String blobKey, MessageSummary summary, byte[] prefix, String contentKey,
                byte[] blobBytes) {

        /** Whether the blob was written for this append (not a reference to one its caller keeps). */
        boolean ownsBlob() {
            return prefix == null;
        }
    }

    private final BlobStore blobs;
    private final MessageBytes.BlobReads cachedReads;
    private final SharedBodyCache shared;
    private final MessageParser parser = new MessageParser();
    private final int spoolThreshold;
    private final long maxMessageSize;

    /**
     * @param cachedReads reads of blobs through the node's body cache, for appends by reference
     * @param shared      the cluster-wide cache small blobs are offered to once their message is stored
     */
    AppendBodies(BlobStore blobs, MessageBytes.BlobReads cachedReads, SharedBodyCache shared,
                 int spoolThreshold, long maxMessageSize) {
        this.blobs = blobs;
        this.cachedReads = cachedReads;
        this.shared = shared;
        this.spoolThreshold = spoolThreshold;
        this.maxMessageSize = maxMessageSize;
    }

    /** Spools, parses and writes the blob of {@code request}; by reference, reads and parses only. */
    Body read(Principal p, AppendRequest request) {
        return request.reference() != null ? referenced(request.reference()) : written(p, request.content());
    }

    private Body written(Principal p, InputStream content) {
        try (SpooledMessage spooled = SpooledMessage.read(content, spoolThreshold, maxMessageSize)) {
            MessageSummary summary;
            try (InputStream in = spooled.open()) {
                summary = parser.parse(in);
            }
            BlobKey key = BlobKey.newFor(blobPrefix(p.tenantId()), Instant.now());
            try (InputStream in = spooled.open()) {
                blobs.put(key, in, spooled.size());
            } catch (RuntimeException | IOException e) {
                deleteQuietly(key);
                throw e;
            }
            byte[] small = shared.keeps(spooled.size()) ? spooled.inMemory() : null;
            return new Body(spooled.size(), key.value(), summary, null, null, small);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code ref}'s prefix and blob, parsed as one message as they stream; the blob left where it is. */
    private Body referenced(BlobReference ref) {
        byte[] prefix = ref.prefix();
        // bytes the caller has (a small queued message carried in its record) are not read back; with
        // its size known, a small blob comes through the body cache: the deliveries of one queued
        // message to several users of this node read it from S3 once
        try (InputStream blob = ref.content() != null ? new ByteArrayInputStream(ref.content())
                : ref.blobSize() >= 0 ? cachedReads.open(ref.blobKey(), ref.blobSize(), 0, Long.MAX_VALUE)
                : blobs.open(new BlobKey(ref.blobKey()))) {
            InputStream rest = blob;
            byte[] small = null;
            if (ref.blobSize() >= 0 && shared.keeps(ref.blobSize())) {
                byte[] read = blob.readNBytes((int) ref.blobSize() + 1);
                // shared only when it is the size its reference says; parsed as it is either way
                small = read.length == ref.blobSize() ? read : null;
                rest = new SequenceInputStream(new ByteArrayInputStream(read), blob);
            }
            try (SizeLimit in = new SizeLimit(new SequenceInputStream(new ByteArrayInputStream(prefix), rest),
                    maxMessageSize)) {
                MessageSummary summary = parser.parse(in);
                in.transferTo(OutputStream.nullOutputStream());
                return new Body(in.count(), ref.blobKey(), summary, prefix, contentKey(ref.blobKey(), prefix), small);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code body}'s message is stored: a small blob is offered to the shared cache. */
    void stored(Body body) {
        if (body.blobBytes() != null) {
            shared.offer(body.blobKey(), body.blobBytes());
        }
    }

    /**
     * Deletes the blob {@code body}'s append wrote; never a referenced one, which its caller keeps
     * (the queued message) and which other messages may share.
     */
    void discard(Body body) {
        if (body.ownsBlob()) {
            deleteQuietly(new BlobKey(body.blobKey()));
        }
    }

    private void deleteQuietly(BlobKey key) {
        try {
            blobs.delete(key);
        } catch (RuntimeException e) {
            // unreferenced: the garbage collector removes it later
        }
    }

    /**
     * The name of the bytes of a message that is {@code prefix} then blob {@code blobKey}: the blob key
     * and a digest of the prefix, so deliveries of one blob to different users (different
     * {@code Delivered-To}) are told apart, and equal bytes get equal names.
     */
    static String contentKey(String blobKey, byte[] prefix) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(prefix);
            return blobKey + "+" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String blobPrefix(String tenantId) {
        String safe = tenantId.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.isEmpty() || !Character.isLetterOrDigit(safe.charAt(0)) ? "t" + safe : safe;
    }
}
