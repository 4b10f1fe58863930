package org.mailplatform.pop3.server;

import org.mailplatform.model.Principal;
import org.mailplatform.protocol.session.UserSessions;

/**
 * The logged-in POP3 sessions of this node, by user, so that an operator's kick
 * ({@code SESSIONS_REVOKED} on {@code mailbox.changes}) ends every session of the user here. A
 * session registers when it enters TRANSACTION and is removed when it enters UPDATE (QUIT) or its
 * connection closes; a login whose check began before a kick this node read is refused
 * (protocol-kit's {@link UserSessions}). Thread-safe: the change feed calls {@link #revoke} from
 * its own thread.
 */
public final class Pop3Sessions {

    /** A session that can be ended from outside its event loop. */
    public interface Revocable {

        /**
         * An operator ended the user's sessions: end without UPDATE. Called on the change feed's
         * thread, must not block; the session is no longer registered when this is called.
         */
        void revoke();
    }

    private final UserSessions<Revocable> sessions;

    public Pop3Sessions() {
        this(new UserSessions<>());
    }

    Pop3Sessions(UserSessions<Revocable> sessions) {
        this.sessions = sessions;
    }

    /** The time to take before a login's directory check, for {@link #add}. */
    public long now() {
        return sessions.now();
    }

    /**
     * Registers a logged-in session; false if this node read a kick of the user after
     * {@code checkedAt}, when the login's check began (the session must then end as kicked).
     */
    public boolean add(Principal principal, Revocable session, long checkedAt) {
        // one maildrop lock per user: the lease, not this registry, limits a user's sessions
        return sessions.add(principal.tenantId(), principal.userId(), session, Integer.MAX_VALUE, checkedAt)
                == UserSessions.Admission.ADDED;
    }

    public void remove(Principal principal, Revocable session) {
        sessions.remove(principal.tenantId(), principal.userId(), session);
    }

    /**
     * Ends every session of the user on this node; returns how many there were. They are
     * unregistered at once; a login whose check began before this is refused, a later one is not.
     */
    public int revoke(String tenantId, String userId) {
        var ended = sessions.revoke(tenantId, userId);
        ended.forEach(Revocable::revoke);
        return ended.size();
    }

    /** Users with at least one logged-in session on this node. */
    public int users() {
        return sessions.users();
    }
}
