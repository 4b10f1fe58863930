package org.mailplatform.imap.session;

import org.mailplatform.model.Principal;
import org.mailplatform.protocol.session.UserSessions;

/**
 * The authenticated sessions of this node, by user, so that a change to a mailbox made anywhere
 * (another IMAP node, delivery, POP3, REST; announced on {@code mailbox.changes}) reaches the
 * sessions of its owner. Sessions register at login, before they can select anything, so no change
 * made after a SELECT has read the mailbox can be missed. An operator's kick ends them, and a login
 * whose check began before a kick this node read is refused (protocol-kit's {@link UserSessions}).
 * Thread-safe: the change feed calls {@link #changed} and {@link #revoked} from its own thread.
 */
public final class MailboxWatchers {

    /** A session that wants to hear of changes to its user's mailboxes, and of its own end. */
    public interface Watcher {

        /** A mailbox of the user changed; called on the change feed's thread, must not block. */
        void mailboxChanged(String mailboxId);

        /**
         * An operator ended the user's sessions: say BYE and close. Called on the change feed's
         * thread, must not block; the watcher is no longer registered when this is called.
         */
        void revoked();
    }

    private final UserSessions<Watcher> sessions;

    public MailboxWatchers() {
        this(new UserSessions<>());
    }

    MailboxWatchers(UserSessions<Watcher> sessions) {
        this.sessions = sessions;
    }

    /** The time to take before a login's directory check, for {@link #tryAdd}. */
    public long now() {
        return sessions.now();
    }

    /**
     * Registers a session unless its user already has {@code maxPerUser} on this node (the per-user
     * connection limit) or this node read a kick of the user after {@code checkedAt}, when the
     * login's check began; atomic, so concurrent logins cannot overshoot the limit.
     */
    public UserSessions.Admission tryAdd(Principal principal, Watcher watcher, int maxPerUser, long checkedAt) {
        return sessions.add(principal.tenantId(), principal.userId(), watcher, maxPerUser, checkedAt);
    }

    public void remove(Principal principal, Watcher watcher) {
        sessions.remove(principal.tenantId(), principal.userId(), watcher);
    }

    /** Tells every session of the user; returns how many there were. */
    public int changed(String tenantId, String userId, String mailboxId) {
        return sessions.forEach(tenantId, userId, w -> w.mailboxChanged(mailboxId));
    }

    /**
     * Ends every session of the user on this node; returns how many there were. They are
     * unregistered at once, so their places count for the per-user limit no more while their
     * connections close; a login whose check began before this is refused, a later one is not.
     */
    public int revoked(String tenantId, String userId) {
        var ended = sessions.revoke(tenantId, userId);
        ended.forEach(Watcher::revoked);
        return ended.size();
    }

    /** Users with at least one session on this node. */
    public int users() {
        return sessions.users();
    }
}
