package org.mailplatform.mailbox.security;

import org.mailplatform.model.Principal;

/** Who is calling the REST API, as the bearer token says. */
public sealed interface Caller {

    /** A mailbox owner: works on their own mailboxes only. */
    record User(Principal principal) implements Caller {
    }

    /**
     * An administrator: {@code platform} admins may act for any user, tenant admins only for users of
     * their {@code tenantId}.
     */
    record Admin(String name, boolean platform, String tenantId) implements Caller {
    }
}
