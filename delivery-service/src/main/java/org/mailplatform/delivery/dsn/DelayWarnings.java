package org.mailplatform.delivery.dsn;

import java.time.Duration;
import java.time.Instant;

/**
 * When a sender hears that a message is still waiting: once it has been queued for {@code after}
 * (Postfix's {@code delay_warning_time}, sendmail's {@code Timeout.queuewarn}); zero turns delay
 * notices off. Recipients without NOTIFY get one when {@code whenNotifyAbsent}.
 */
public record DelayWarnings(Duration after, boolean whenNotifyAbsent) {

    /** No delay notices. */
    public static final DelayWarnings OFF = new DelayWarnings(Duration.ZERO, false);

    public DelayWarnings {
        if (after == null || after.isNegative()) {
            throw new IllegalArgumentException("delay warning time must be zero (off) or positive");
        }
    }

    /** Whether a message received at {@code receivedAt} has waited long enough for a notice. */
    boolean due(Instant receivedAt, Instant now) {
        return !after.isZero() && !now.isBefore(receivedAt.plus(after));
    }
}
