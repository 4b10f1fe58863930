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
 * @param blobKey      where the bytes are (shared by copies)
 * @param summary      envelope, body structure and part offsets; null where a result says it leaves
 *                     them out (flag updates, changes since a MODSEQ, contents for readers of bytes)
 */
public record MessageMeta(String mailboxId, long uid, long modSeq, Set<String> flags, Instant internalDate, long size,
                          String blobKey, MessageSummary summary) {

    public MessageMeta {
        flags = Set.copyOf(flags);
    }
}
