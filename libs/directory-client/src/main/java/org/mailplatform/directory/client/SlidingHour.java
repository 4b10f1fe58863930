package org.mailplatform.directory.client;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The hourly submission limit over any 60 minutes, not per calendar hour: with calendar hours a
 * user could send the limit at 13:59 and again at 14:00. The count of the last 60 minutes is
 * estimated from two calendar hours, as rate limiters' sliding window counters do: the current
 * hour's count plus the previous hour's weighted by the part of it still inside the last 60
 * minutes (rounded up). So at 14:15 a user who sent 200 between 13:00 and 14:00 may send 50; at
 * 15:00 the 13:00 hour no longer counts at all.
 *
 * <p>The previous hour is over, so its count no longer changes (but for replicas whose clocks lag,
 * which may still add to it for as long as they lag): the current hour's cap is computed from it
 * first, and the current hour's count is checked against that cap and incremented atomically.
 *
 * <p>auth-service's cluster-wide counters and smtp-ingress's node-local fallback both count so.
 *
 * @param perHour messages in any 60 minutes
 */
public record SlidingHour(long perHour) {

    private static final long HOUR_MS = Duration.ofHours(1).toMillis();

    /**
     * Most messages the current calendar hour may hold at {@code now}, given {@code previous}, the
     * count of the calendar hour before it; 0 or less: none now.
     */
    public long cap(long previous, Instant now) {
        return perHour - weighted(previous, HOUR_MS - elapsedMs(now));
    }

    /**
     * When one more message will pass the hourly limit, for a user refused at {@code now} with
     * {@code current} messages in this calendar hour and {@code previous} in the one before.
     */
    public Instant nextAllowed(long previous, long current, Instant now) {
        Instant hourStart = now.truncatedTo(ChronoUnit.HOURS);
        if (current >= perHour) {
            // not before the next hour, where this hour becomes the weighted one
            return roundedUp(hourStart.plusMillis(HOUR_MS + msUntilRoom(current, perHour - 1)));
        }
        Instant at = hourStart.plusMillis(msUntilRoom(previous, perHour - current - 1));
        return at.isAfter(now) ? roundedUp(at) : now;
    }

    /** How far into an hour {@code weightedCount}'s weighted share is {@code room} or less. */
    private static long msUntilRoom(long weightedCount, long room) {
        if (weightedCount <= 0) {
            return 0;
        }
        // ceil(weightedCount * (H - e) / H) <= room  <=>  weightedCount * (H - e) <= room * H
        return Math.max(0, HOUR_MS - Math.floorDiv(room * HOUR_MS, weightedCount));
    }

    /** {@code count} weighted by {@code remainingMs} of an hour, rounded up. */
    private static long weighted(long count, long remainingMs) {
        return Math.ceilDiv(count * remainingMs, HOUR_MS);
    }

    private static long elapsedMs(Instant now) {
        return Duration.between(now.truncatedTo(ChronoUnit.HOURS), now).toMillis();
    }

    private static Instant roundedUp(Instant t) {
        Instant second = t.truncatedTo(ChronoUnit.SECONDS);
        return second.equals(t) ? t : second.plusSeconds(1);
    }
}
