package org.mailplatform.delivery.queue;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.mailplatform.model.InboundMessage;

/**
 * A {@code mail.outbound} (and {@code mail.retry}) record: one message for the recipients of one
 * remote domain, keyed by that domain, so one SMTP transaction carries all of them.
 *
 * @param message      the inbound record (blob, sender, RET/ENVID, BODY, SMTPUTF8)
 * @param domain       the destination domain, lower case (ASCII or U-label as given)
 * @param recipients   the recipients still to deliver, with their NOTIFY/ORCPT
 * @param attempts     delivery attempts made so far
 * @param notBefore    earliest time of the next attempt; {@code null} for now
 * @param lastError    the last temporary failure (SMTP reply or local reason), for the expiry DSN
 * @param delayNotified whether the delay notice for these recipients was handled (sent, or not
 *                      wanted), so each recipient gets at most one
 * @param envelopeFrom  the reverse-path to send instead of the message's own: its SRS form when
 *                      the message is forwarded for a sender whose domain is not hosted here;
 *                      {@code null} (and in records written before SRS) for the message's own.
 *                      DSNs of this delivery still go to the original sender.
 */
public record OutboundDelivery(InboundMessage message, String domain, List<InboundMessage.Recipient> recipients,
                               int attempts, Instant notBefore, String lastError, boolean delayNotified,
                               String envelopeFrom) {

    /** A first attempt: no delay notice yet, the message's own reverse-path. */
    public OutboundDelivery(InboundMessage message, String domain, List<InboundMessage.Recipient> recipients,
                            int attempts, Instant notBefore, String lastError) {
        this(message, domain, recipients, attempts, notBefore, lastError, false, null);
    }

    public OutboundDelivery {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(domain, "domain");
        recipients = List.copyOf(recipients);
    }

    /** The recipients in {@code remaining}, tried again after {@code next}. */
    public OutboundDelivery retry(List<InboundMessage.Recipient> remaining, Instant next, String error,
                                  boolean delayNoticeHandled) {
        return new OutboundDelivery(message, domain, remaining, attempts + 1, next, error, delayNoticeHandled,
                envelopeFrom);
    }

    /** The same delivery sent with {@code reversePath} in MAIL FROM. */
    public OutboundDelivery sentFrom(String reversePath) {
        return new OutboundDelivery(message, domain, recipients, attempts, notBefore, lastError, delayNotified,
                reversePath);
    }

    /** What MAIL FROM carries: the rewritten reverse-path if there is one, else the message's. */
    public String mailFrom() {
        return envelopeFrom != null ? envelopeFrom : message.mailFrom();
    }
}
