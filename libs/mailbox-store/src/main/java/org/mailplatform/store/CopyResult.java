package org.mailplatform.store;

import java.util.List;

/** COPYUID (RFC 4315): the target's UIDVALIDITY and the source UIDs with their new UIDs, pairwise. */
public record CopyResult(long targetUidValidity, List<Long> sourceUids, List<Long> targetUids) {

    public CopyResult {
        sourceUids = List.copyOf(sourceUids);
        targetUids = List.copyOf(targetUids);
    }
}
