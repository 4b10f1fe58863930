package org.mailplatform.delivery.local;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.mailplatform.blob.BlobKey;
import org.mailplatform.blob.BlobStore;
import org.mailplatform.delivery.queue.LocalDelivery;
import org.mailplatform.store.AppendRequest;
import org.mailplatform.store.BlobReference;

/**
 * The append requests of local delivery: the message is appended as {@code Return-Path} and
 * {@code Delivered-To} (a prefix the store keeps with the message) followed by the queued blob, stored
 * by reference ({@link BlobReference}), not copied. IMAP and POP3 serve exactly those bytes and that
 * size, the queued blob is never rewritten, and a message to many local users is stored once. The
 * queued blob sweeper keeps a queued blob while a message refers to it. A record older than the
 * reference window (a dead letter replayed days later, close to the sweeper's retention) is copied
 * instead, as before, so a sweep that checked the blob's references a moment earlier cannot delete it
 * under the new message.
 */
final class AppendRequests {

    private final BlobStore blobs;
    private final Clock clock;
    private final Duration referenceWindow;

    /**
     * @param referenceWindow a queued message received less than this long ago is stored by reference
     *                        to its queued blob; an older one is copied
     */
    AppendRequests(BlobStore blobs, Clock clock, Duration referenceWindow) {
        this.blobs = blobs;
        this.clock = clock;
        this.referenceWindow = referenceWindow;
    }

    /**
     * The append of one delivery: the trace headers, then the queued blob, by reference while the
     * record is within the reference window (with the blob's bytes when the record carries them),
     * else copied (the blob opened only when the store reads that far); keyed by the inbound message
     * id so a redelivered record stores nothing new.
     */
    AppendRequest of(LocalDelivery d) {
        return of(d, d.message().id());
    }

    /** The append of one delivery under {@code key} (a Sieve target other than the keep mailbox has its own). */
    AppendRequest of(LocalDelivery d, String key) {
        return of(d, key, Set.of());
    }

    /**
     * The append of one delivery under {@code key} with initial {@code flags} (a Sieve script's
     * {@code imap4flags}), which must be flags the store takes ({@code Flags.canonical}).
     */
    AppendRequest of(LocalDelivery d, String key, Set<String> flags) {
        Instant received = d.message().receivedAt();
        if (received != null && Duration.between(received, clock.instant()).compareTo(referenceWindow) < 0) {
            // a small message's bytes carried in its record spare the store reading the blob back
            BlobReference body = new BlobReference(TraceHeaders.prefix(d), d.message().blobKey(), d.message().size(),
                    d.message().inlineBytes());
            return AppendRequest.byReference(body, flags, received, key);
        }
        InputStream content = new SequenceInputStream(new ByteArrayInputStream(TraceHeaders.prefix(d)),
                new OpenOnRead(() -> blobs.open(new BlobKey(d.message().blobKey()))));
        return new AppendRequest(content, flags, d.message().receivedAt(), key);
    }
}
