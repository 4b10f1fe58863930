package org.mailplatform.pop3.server;

import org.mailplatform.model.Principal;
import org.mailplatform.pop3.codec.Pop3Response;
import org.mailplatform.pop3.lease.LeaseKeeper.HeldLease;
import org.mailplatform.pop3.maildrop.Maildrop;

/** The result of a login attempt, computed off the event loop. */
sealed interface LoginOutcome {

    /**
     * Authenticated, maildrop locked and snapshotted.
     *
     * @param checkedAt when the directory check began ({@link Pop3Sessions#now()})
     */
    record LoggedIn(Principal principal, HeldLease lease, Maildrop maildrop, long checkedAt) implements LoginOutcome {
    }

    /**
     * Not logged in.
     *
     * @param badCredentials whether it counts as a failed login towards the connection's limit
     */
    record Refused(Pop3Response.Err response, boolean badCredentials) implements LoginOutcome {
    }
}
