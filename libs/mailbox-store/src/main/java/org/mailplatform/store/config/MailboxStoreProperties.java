package org.mailplatform.store.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the mailbox store ({@code mail.store.*}).
 *
 * @param maxMessageSize        largest message accepted by append (default 50MB)
 * @param spoolThreshold        messages up to this size are held in memory while appended, larger
 *                              ones go to a temporary file (default 1MB)
 * @param maxMailboxNameLength  longest mailbox name in characters (default 255)
 * @param maxMailboxes          most mailboxes per user (default 1000)
 * @param appendOrderTimeout    how long an append waits for an earlier, unfinished append in the same
 *                              mailbox before skipping its UID (default 10s)
 * @param searchMaxScanBytes    most message bytes one SEARCH BODY/TEXT reads (default 64MB); beyond
 *                              it the result is marked incomplete
 * @param searchMaxScanMessages most messages one SEARCH BODY/TEXT reads (default 5000)
 * @param quotaBytes            default per-user storage quota, 0 for none (default 0)
 * @param quotaMessages         default per-user message quota, 0 for none (default 0)
 * @param maxAppendBatch        most concurrent appends to one mailbox that one store instance writes
 *                              together (one quota update, UID allocation, insert and watermark move for
 *                              all of them; default 64, 1 writes every append on its own)
 * @param summaryCacheSize      heap for the node-local cache of message summaries (envelope, body
 *                              structure) that metadata reads take instead of reading them from MongoDB
 *                              every time (default 32MB, at most 1/16 of the heap; 0 turns it off)
 * @param bodyCacheSize         heap for the node-local cache of small messages' raw bytes, so a message
 *                              read again needs no object-store request (default 64MB, at most 1/8 of
 *                              the heap; 0 turns it off)
 * @param bodyCacheMaxMessage   largest message the body cache keeps (default 128KB); larger ones always
 *                              stream from the object store
 * @param viewCacheSize         heap for the node-local copies of mailboxes' message rows (UID, flags,
 *                              MODSEQ, size, dates), which SELECT and FETCH of many messages take while
 *                              the mailbox has not changed (default 32MB, at most 1/16 of the heap; 0
 *                              turns it off); one mailbox takes at most a quarter of it
 */
@ConfigurationProperties("mail.store")
public record MailboxStoreProperties(DataSize maxMessageSize, DataSize spoolThreshold, Integer maxMailboxNameLength,
                                     Integer maxMailboxes, Duration appendOrderTimeout, DataSize searchMaxScanBytes,
                                     Integer searchMaxScanMessages, DataSize quotaBytes, Long quotaMessages,
                                     Integer maxAppendBatch, DataSize summaryCacheSize, DataSize bodyCacheSize,
                                     DataSize bodyCacheMaxMessage, DataSize viewCacheSize) {

    public MailboxStoreProperties {
        maxMessageSize = maxMessageSize == null ? DataSize.ofMegabytes(50) : maxMessageSize;
        spoolThreshold = spoolThreshold == null ? DataSize.ofMegabytes(1) : spoolThreshold;
        maxMailboxNameLength = maxMailboxNameLength == null ? 255 : maxMailboxNameLength;
        maxMailboxes = maxMailboxes == null ? 1000 : maxMailboxes;
        appendOrderTimeout = appendOrderTimeout == null ? Duration.ofSeconds(10) : appendOrderTimeout;
        searchMaxScanBytes = searchMaxScanBytes == null ? DataSize.ofMegabytes(64) : searchMaxScanBytes;
        searchMaxScanMessages = searchMaxScanMessages == null ? 5000 : searchMaxScanMessages;
        quotaBytes = quotaBytes == null ? DataSize.ofBytes(0) : quotaBytes;
        quotaMessages = quotaMessages == null ? 0L : quotaMessages;
        maxAppendBatch = maxAppendBatch == null ? 64 : maxAppendBatch;
        summaryCacheSize = summaryCacheSize == null ? heapShare(32, 16) : summaryCacheSize;
        bodyCacheSize = bodyCacheSize == null ? heapShare(64, 8) : bodyCacheSize;
        bodyCacheMaxMessage = bodyCacheMaxMessage == null ? DataSize.ofKilobytes(128) : bodyCacheMaxMessage;
        viewCacheSize = viewCacheSize == null ? heapShare(32, 16) : viewCacheSize;
        if (maxAppendBatch < 1) {
            throw new IllegalArgumentException("mail.store.max-append-batch must be at least 1");
        }
    }

    /**
     * A cache's default size: {@code capMegabytes}, but at most 1/{@code divisor} of the heap, so a
     * service in a small container (a JVM takes a quarter of the container's memory by default)
     * does not give most of its heap to caches.
     */
    public static DataSize heapShare(long capMegabytes, int divisor) {
        return DataSize.ofBytes(Math.min(DataSize.ofMegabytes(capMegabytes).toBytes(),
                Runtime.getRuntime().maxMemory() / divisor));
    }

    /** All defaults. */
    public static MailboxStoreProperties defaults() {
        return new MailboxStoreProperties(null, null, null, null, null, null, null, null, null, null, null, null, null,
                null);
    }
}
