package org.mailplatform.imap.session;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.mailplatform.model.Principal;

/**
 * The authenticated sessions of this node, by user, so that a change to a mailbox made anywhere
 * (another IMAP node, delivery, POP3, REST; announced on {@code mailbox.changes}) reaches the
 * sessions of its owner. Sessions register at login, before they can select anything, so no change
 * made after a SELECT has read the mailbox can be missed. Thread-safe: the change feed calls
 * {@link #changed} and {@link #revoked} from its own thread.
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

    private final Map<String, Set<Watcher>> byUser = new ConcurrentHashMap<>();

    /**
     * Registers a session unless its user already has {@code maxPerUser} on this node (the per-user
     * connection limit); atomic, so concurrent logins cannot overshoot it.
     */
    public boolean tryAdd(Principal principal, Watcher watcher, int maxPerUser) {
        boolean[] added = {false};
        byUser.compute(key(principal.tenantId(), principal.userId()), (k, set) -> {
            Set<Watcher> s = set == null ? ConcurrentHashMap.newKeySet() : set;
            if (s.size() < maxPerUser) {
                added[0] = s.add(watcher);
            }
            return s.isEmpty() ? null : s;
        });
        return added[0];
    }

    public void remove(Principal principal, Watcher watcher) {
        byUser.computeIfPresent(key(principal.tenantId(), principal.userId()), (k, set) -> {
            set.remove(watcher);
            return set.isEmpty() ? null : set;
        });
    }

    /** Tells every session of the user; returns how many there were. */
    public int changed(String tenantId, String userId, String mailboxId) {
        Set<Watcher> watchers = byUser.get(key(tenantId, userId));
        if (watchers == null) {
            return 0;
        }
        watchers.forEach(w -> w.mailboxChanged(mailboxId));
        return watchers.size();
    }

    /**
     * Ends every session of the user on this node; returns how many there were. They are
     * unregistered at once, so their places count for the per-user limit no more while their
     * connections close, and a session that logs in after this is not affected.
     */
    public int revoked(String tenantId, String userId) {
        Set<Watcher> watchers = byUser.remove(key(tenantId, userId));
        if (watchers == null) {
            return 0;
        }
        watchers.forEach(Watcher::revoked);
        return watchers.size();
    }

    /** Users with at least one session on this node. */
    public int users() {
        return byUser.size();
    }

    private static String key(String tenantId, String userId) {
        return tenantId + '\u0000' + userId;
    }
}
