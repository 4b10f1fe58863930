package org.mailplatform.pop3.server;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.mailplatform.model.Principal;

/**
 * The logged-in POP3 sessions of this node, by user, so that an operator's kick
 * ({@code SESSIONS_REVOKED} on {@code mailbox.changes}) ends every session of the user here. A
 * session registers when it enters TRANSACTION and is removed when it enters UPDATE (QUIT) or its
 * connection closes. Thread-safe: the change feed calls {@link #revoke} from its own thread.
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

    private final Map<String, Set<Revocable>> byUser = new ConcurrentHashMap<>();

    public void add(Principal principal, Revocable session) {
        // atomic with remove and revoke: never added to a set that has just left the map
        byUser.compute(key(principal.tenantId(), principal.userId()), (k, set) -> {
            Set<Revocable> s = set == null ? ConcurrentHashMap.newKeySet() : set;
            s.add(session);
            return s;
        });
    }

    public void remove(Principal principal, Revocable session) {
        byUser.computeIfPresent(key(principal.tenantId(), principal.userId()), (k, set) -> {
            set.remove(session);
            return set.isEmpty() ? null : set;
        });
    }

    /**
     * Ends every session of the user on this node; returns how many there were. They are
     * unregistered at once, so a session that logs in after this is not affected.
     */
    public int revoke(String tenantId, String userId) {
        Set<Revocable> sessions = byUser.remove(key(tenantId, userId));
        if (sessions == null) {
            return 0;
        }
        sessions.forEach(Revocable::revoke);
        return sessions.size();
    }

    /** Users with at least one logged-in session on this node. */
    public int users() {
        return byUser.size();
    }

    private static String key(String tenantId, String userId) {
        return tenantId + '\u0000' + userId;
    }
}
