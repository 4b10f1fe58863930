package org.mailplatform.store;

import java.time.Instant;
import java.util.Set;

import org.mailplatform.mime.MessageSummary;

/**
 * A message's metadata: everything IMAP FETCH needs except the bytes of body sections.
 *
 * @param mailboxId    the mailbox it is in
 * @param uid          its UID
 * @param modSeq       its MODSEQ (RFC 7162)
 * @param flags        system flags ({@code \Seen} ...) and keywords
 * @param internalDate INTERNALDATE
 * @param size         RFC822.SIZE
 * @param blobKey      the blob holding the bytes (after {@code prefix}), shared by copies and, for
 *                     messages appended by reference, by every delivery of one queued message
 * @param summary      envelope, body structure and part offsets; null where a result says it leaves
 *                     them out (flag updates, changes since a MODSEQ, contents for readers of bytes)
 * @param prefix       bytes the message has before the blob's ({@link BlobReference}); null for none.
 *                     {@code size} counts them. Not to be modified.
 * @param contentKey   names the message's bytes: equal for two messages exactly when their bytes are
 *                     (a copy and its source); the blob key when there is no prefix. Caches of
 *                     anything derived from the bytes (summaries, EMAILID) key on this, never on
 *                     {@code blobKey}, which messages with different prefixes share
 */
public record MessageMeta(String mailboxId, long uid, long modSeq, Set<String> flags, Instant internalDate, long size,
                          String blobKey, MessageSummary summary, byte[] prefix, String contentKey) {

    public MessageMeta {
        flags = Set.copyOf(flags);
        if (prefix != null && prefix.length == 0) {
            prefix = null;
        }
        if (contentKey == null) {
            contentKey = blobKey;
        }
    }

    /** A message stored without a prefix: its bytes are the blob's. */
    public MessageMeta(String mailboxId, long uid, long modSeq, Set<String> flags, Instant internalDate, long size,
                       String blobKey, MessageSummary summary) {
        this(mailboxId, uid, modSeq, flags, internalDate, size, blobKey, summary, null, null);
    }

    /** This message with the MODSEQ and flags of a later read. */
    public MessageMeta withFlags(long newModSeq, Set<String> newFlags) {
        return new MessageMeta(mailboxId, uid, newModSeq, newFlags, internalDate, size, blobKey, summary, prefix,
                contentKey);
    }

    /** How many of {@code size} bytes come before the blob's. */
    public int prefixLength() {
        return prefix == null ? 0 : prefix.length;
    }
}
