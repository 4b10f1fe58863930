package org.mailplatform.store;

import java.util.List;

/**
 * @param updated  the messages whose flags changed, with their new flags and MODSEQ (without their
 *                 summaries: {@link MessageMeta#summary()} is null here)
 * @param modified UIDs not changed because their MODSEQ was above UNCHANGEDSINCE (RFC 7162 MODIFIED)
 */
public record FlagUpdateResult(List<MessageMeta> updated, List<Long> modified) {

    public FlagUpdateResult {
        updated = List.copyOf(updated);
        modified = List.copyOf(modified);
    }
}
