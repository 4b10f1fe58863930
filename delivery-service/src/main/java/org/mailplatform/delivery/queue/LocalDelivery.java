package org.mailplatform.delivery.queue;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.mailplatform.model.InboundMessage;
import org.mailplatform.model.Principal;

/**
 * A {@code mail.local} record: one message for one local user, keyed by the user id so one user's
 * mail is delivered in order. The router writes it; the local deliverer appends it to the user's INBOX.
 *
 * @param message     the inbound record the delivery comes from (its id is the idempotency key)
 * @param recipient   the envelope recipient as the sender addressed it (an alias, catch-all or user
 *                    address), for DSNs
 * @param principal   the user whose INBOX (or Junk mailbox, by the message's verdict) receives the message
 * @param attempts    how many deliveries were deferred before (over quota with the defer policy)
 * @param notBefore   earliest time of the next attempt; {@code null} for now
 * @param delayNotified whether the delay notice was handled (sent, or not wanted): at most one
 */
public record LocalDelivery(InboundMessage message, InboundMessage.Recipient recipient, Principal principal,
                            int attempts, Instant notBefore, boolean delayNotified) {

    /** A first attempt: no delay notice yet. */
    public LocalDelivery(InboundMessage message, InboundMessage.Recipient recipient, Principal principal, int attempts,
                         Instant notBefore) {
        this(message, recipient, principal, attempts, notBefore, false);
    }

    public LocalDelivery {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(principal, "principal");
    }

    /** The same delivery, deferred once more until {@code next}. */
    public LocalDelivery deferredUntil(Instant next, boolean delayNoticeHandled) {
        return new LocalDelivery(message, recipient, principal, attempts + 1, next, delayNoticeHandled);
    }

    /** Recipients as a list, for the DSN builder. */
    public List<InboundMessage.Recipient> recipients() {
        return List.of(recipient);
    }
}
