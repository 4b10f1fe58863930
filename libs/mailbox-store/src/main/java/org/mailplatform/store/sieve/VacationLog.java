package org.mailplatform.store.sieve;

import java.time.Duration;

import org.mailplatform.model.Principal;

/**
 * Which senders a user's vacation responder has answered recently (RFC 5230 4.2: at most one
 * reply per sender and handle within {@code :days}). Shared by all delivery instances.
 */
public interface VacationLog {

    /**
     * Records a reply to {@code sender} under {@code handle}, unless one was recorded within
     * {@code period}: atomic, so two deliveries in parallel reply once.
     *
     * @return true when the caller should reply now
     */
    boolean claimReply(Principal user, String sender, String handle, Duration period);
}
