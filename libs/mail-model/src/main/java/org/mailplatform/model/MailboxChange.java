package org.mailplatform.model;

import java.time.Instant;
import java.util.List;

/**
 * One change a mailbox store made, published to {@link Topics#MAILBOX_CHANGES} keyed by user id.
 * IMAP nodes turn it into untagged EXISTS / EXPUNGE / FETCH responses for sessions that have the
 * mailbox selected or are IDLE on it.
 *
 * @param tenantId    the owner's tenant
 * @param userId      the owner
 * @param mailboxId   the mailbox's stable id
 * @param mailboxName its name at the time of the change (the new name for a rename)
 * @param kind        what happened
 * @param uids        the messages concerned (appended, flagged, expunged); empty for mailbox events
 * @param modSeq      the mailbox's MODSEQ after the change (0 for mailbox events)
 * @param uidValidity the mailbox's UIDVALIDITY
 * @param at          when
 */
public record MailboxChange(String tenantId, String userId, String mailboxId, String mailboxName, Kind kind,
                            List<Long> uids, long modSeq, long uidValidity, Instant at) {

    /**
     * The kinds of change. {@link #SESSIONS_REVOKED} concerns the user, not a mailbox: an operator
     * ended the user's sessions (account suspended or removed, password changed, {@code mailctl
     * user kick}), and every node closes the user's open sessions; its {@code mailboxId} and
     * {@code mailboxName} are empty. It travels on this topic because it is the per-user stream
     * every IMAP node already reads from its latest offset.
     */
    public enum Kind {
        MAILBOX_CREATED, MAILBOX_RENAMED, MAILBOX_DELETED, MAILBOX_SUBSCRIPTION,
        MESSAGES_ADDED, FLAGS_CHANGED, MESSAGES_EXPUNGED, SESSIONS_REVOKED
    }

    /** The event that ends every session of one user on every node. */
    public static MailboxChange sessionsRevoked(String tenantId, String userId, Instant at) {
        return new MailboxChange(tenantId, userId, "", "", Kind.SESSIONS_REVOKED, List.of(), 0, 0, at);
    }

    public MailboxChange {
        uids = uids == null ? List.of() : List.copyOf(uids);
    }
}
