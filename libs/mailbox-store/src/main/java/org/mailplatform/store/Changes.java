package org.mailplatform.store;

import java.util.List;

/**
 * @param highestModSeq the mailbox's HIGHESTMODSEQ when the changes were read
 * @param changed       messages added or changed after the given MODSEQ, ascending by UID, with flags and
 *                      MODSEQ but without their summaries ({@link MessageMeta#summary()} is null here)
 * @param vanished      UIDs expunged after the given MODSEQ (QRESYNC VANISHED)
 */
public record Changes(long highestModSeq, List<MessageMeta> changed, List<Long> vanished) {

    public Changes {
        changed = List.copyOf(changed);
        vanished = List.copyOf(vanished);
    }
}
