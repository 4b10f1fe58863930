package org.mailplatform.delivery.retry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * When to try a deferred delivery again: after the n-th failure wait {@code delays[n-1]}, and the
 * last delay for every later failure, until the message is {@code maxAge} old (counted from when
 * it was received). The last attempt is made at the expiry time, so a message gets its full
 * lifetime; a failure at or after the expiry time is final. Default (Postfix-like): 5m, 15m, 30m,
 * 1h, 2h, 4h, then every 4h, for 5 days.
 */
public record RetrySchedule(List<Duration> delays, Duration maxAge) {

    public RetrySchedule {
        delays = List.copyOf(delays);
        if (delays.isEmpty() || delays.stream().anyMatch(d -> d.isNegative() || d.isZero())) {
            throw new IllegalArgumentException("retry delays must be positive and at least one");
        }
    }

    /** When a message received at {@code receivedAt} gets its last attempt. */
    public Instant expiry(Instant receivedAt) {
        return receivedAt.plus(maxAge);
    }

    /**
     * The next attempt after failure number {@code failures} (1 for the first), or empty when the
     * message has expired.
     */
    public Optional<Instant> next(int failures, Instant receivedAt, Instant now) {
        Instant expiry = receivedAt.plus(maxAge);
        if (!now.isBefore(expiry)) {
            return Optional.empty();
        }
        Duration delay = delays.get(Math.min(Math.max(failures, 1), delays.size()) - 1);
        Instant next = now.plus(delay);
        return Optional.of(next.isAfter(expiry) ? expiry : next);
    }
}
