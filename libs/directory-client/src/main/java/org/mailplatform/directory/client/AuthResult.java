package org.mailplatform.directory.client;

import java.util.Objects;

import org.mailplatform.model.Principal;

/** The outcome of {@link Directory#authenticate}. */
public sealed interface AuthResult {

    /** The login and secret are right: the client is this principal. */
    record Authenticated(Principal principal) implements AuthResult {
        public Authenticated {
            Objects.requireNonNull(principal, "principal");
        }
    }

    /**
     * The directory refused the login. Protocol servers answer every reason alike (a plain
     * authentication failure) so a client cannot probe which accounts exist or are locked; the
     * reason is for logs and metrics.
     *
     * @param reason one of {@link #BAD_CREDENTIALS}, {@link #SUSPENDED}, {@link #THROTTLED}
     */
    record Rejected(String reason) implements AuthResult {
        /** Unknown login, wrong secret, or an app password not made for this protocol. */
        public static final String BAD_CREDENTIALS = "BAD_CREDENTIALS";
        /** The account exists but is suspended. */
        public static final String SUSPENDED = "SUSPENDED";
        /** Too many failures for this account or client address; try again later. */
        public static final String THROTTLED = "THROTTLED";

        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The directory could not answer (down, slow, overloaded): a temporary failure. */
    record Unavailable(String detail) implements AuthResult {
        public Unavailable {
            Objects.requireNonNull(detail, "detail");
        }
    }
}
