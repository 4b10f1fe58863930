package org.mailplatform.store;

import java.util.List;

/**
 * @param uids     matching UIDs, ascending
 * @param complete false when a text search hit its scan limit and messages were not all examined
 */
public record SearchResult(List<Long> uids, boolean complete) {

    public SearchResult {
        uids = List.copyOf(uids);
    }
}
