package org.mailplatform.smtp.policy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ConcurrentHashMap;

import org.mailplatform.directory.client.SlidingHour;

/**
 * Per-user submission rate (messages per hour and per day) counted on this node, the fallback while
 * auth-service's cluster-wide counters cannot answer. Counted as those are: the hourly limit over
 * any 60 minutes ({@link SlidingHour}: this UTC hour's count plus the previous hour's, weighted by
 * the share of it still inside the last 60 minutes), the daily one per UTC day. A user over either
 * limit gets {@code 450 4.7.1} at MAIL FROM.
 */
public final class SendRateLimiter {

    private final SlidingHour hourly;
    private final int perDay;
    private final Clock clock;
    private final ConcurrentHashMap<String, Windows> users = new ConcurrentHashMap<>();

    public SendRateLimiter(int perHour, int perDay, Clock clock) {
        this.hourly = new SlidingHour(perHour);
        this.perDay = perDay;
        this.clock = clock;
    }

    /** Whether {@code userId} may start another message now (not counted yet). */
    public boolean allowed(String userId) {
        Windows w = users.computeIfAbsent(userId, u -> new Windows());
        synchronized (w) {
            Instant now = clock.instant();
            w.roll(now);
            return w.hour < hourly.cap(w.previousHour, now) && w.day < perDay;
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

    /** One user's counts: this UTC hour's, the hour before's, this UTC day's. */
    private static final class Windows {
        private Instant hourStart = Instant.EPOCH;
        private Instant dayStart = Instant.EPOCH;
        private int hour;
        private int previousHour;
        private int day;

        void roll(Instant now) {
            Instant thisHour = now.truncatedTo(ChronoUnit.HOURS);
            if (!thisHour.equals(hourStart)) {
                previousHour = thisHour.equals(hourStart.plus(Duration.ofHours(1))) ? hour : 0;
                hour = 0;
                hourStart = thisHour;
            }
            Instant thisDay = now.truncatedTo(ChronoUnit.DAYS);
            if (!thisDay.equals(dayStart)) {
                day = 0;
                dayStart = thisDay;
            }
        }
    }
}
