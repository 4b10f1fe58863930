package org.mailplatform.store;

import java.util.List;

/**
 * @param highestModSeq      the mailbox's HIGHESTMODSEQ when the changes were read
 * @param changed            messages added or changed after the given MODSEQ, ascending by UID, with flags
 *                           and MODSEQ but without their summaries ({@link MessageMeta#summary()} is null here)
 * @param vanished           UIDs expunged after the given MODSEQ (QRESYNC VANISHED), as far as the store
 *                           still knows them
 * @param expungesForgotten  the given MODSEQ is older than the expunges the store keeps: some UIDs that
 *                           vanished since may be missing from {@code vanished}, so every UID below UIDNEXT
 *                           that is no longer a message must be taken as vanished (RFC 7162 allows
 *                           VANISHED (EARLIER) to name UIDs the client never knew)
 */
public record Changes(long highestModSeq, List<MessageMeta> changed, List<Long> vanished, boolean expungesForgotten) {

    public Changes {
        changed = List.copyOf(changed);
        vanished = List.copyOf(vanished);
    }
}
