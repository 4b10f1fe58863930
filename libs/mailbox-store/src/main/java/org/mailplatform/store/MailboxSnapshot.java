package org.mailplatform.store;

import java.util.List;

/**
 * What opening a mailbox (IMAP SELECT/EXAMINE) needs, from one read of the visible messages.
 *
 * @param status         the mailbox and its unseen and deleted counts
 * @param uids           the visible UIDs, ascending (message sequence number n is element n-1)
 * @param firstUnseenUid the lowest UID without {@code \Seen}, 0 when every message is seen
 */
public record MailboxSnapshot(MailboxStatus status, List<Long> uids, long firstUnseenUid) {

    public MailboxSnapshot {
        uids = List.copyOf(uids);
    }
}
