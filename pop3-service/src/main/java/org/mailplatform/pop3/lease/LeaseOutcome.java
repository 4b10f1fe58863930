package org.mailplatform.pop3.lease;

import java.time.Duration;

/** What {@link MaildropLeases#acquire} found. */
public sealed interface LeaseOutcome {

    /** The session holds the maildrop now. */
    record Acquired(Lease lease) implements LeaseOutcome {
    }

    /** Another live session (on any node) holds it: {@code -ERR [IN-USE]}. */
    record InUse() implements LeaseOutcome {
    }

    /** The last session began less than the login delay ago: {@code -ERR [LOGIN-DELAY]}. */
    record TooSoon(Duration retryAfter) implements LeaseOutcome {
    }
}
