package org.mailplatform.smtp.policy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-user submission rate (messages per hour and per day), counted on this node in fixed windows.
 * A user over either limit gets {@code 450 4.7.1} at MAIL FROM until the window turns.
 */
public final class SendRateLimiter {

    private final int perHour;
    private final int perDay;
    private final Clock clock;
    private final ConcurrentHashMap<String, Windows> users = new ConcurrentHashMap<>();

    public SendRateLimiter(int perHour, int perDay, Clock clock) {
        this.perHour = perHour;
        this.perDay = perDay;
        this.clock = clock;
    }

    /** Whether {@code userId} may start another message now (not counted yet). */
    public boolean allowed(String userId) {
        Windows w = users.computeIfAbsent(userId, u -> new Windows());
        synchronized (w) {
            w.roll(clock.instant());
            return w.hour < perHour && w.day < perDay;
        }
    }

    /** Counts one accepted message of {@code userId}. */
    public void record(String userId) {
        Windows w = users.computeIfAbsent(userId, u -> new Windows());
        synchronized (w) {
            w.roll(clock.instant());
            w.hour++;
            w.day++;
        }
    }

    private static final class Windows {
        private Instant hourStart = Instant.EPOCH;
        private Instant dayStart = Instant.EPOCH;
        private int hour;
        private int day;

        void roll(Instant now) {
            if (Duration.between(hourStart, now).compareTo(Duration.ofHours(1)) >= 0) {
                hourStart = now;
                hour = 0;
            }
            if (Duration.between(dayStart, now).compareTo(Duration.ofDays(1)) >= 0) {
                dayStart = now;
                day = 0;
            }
        }
    }
}
