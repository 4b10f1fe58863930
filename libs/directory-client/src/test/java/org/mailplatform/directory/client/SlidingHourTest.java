package org.mailplatform.directory.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The hourly limit over any 60 minutes, estimated from two calendar hours. */
class SlidingHourTest {

    private final SlidingHour hour = new SlidingHour(200);

    @Test
    void thePreviousHourCountsByTheShareOfItStillInTheLast60Minutes() {
        assertThat(hour.cap(200, Instant.parse("2026-03-01T14:00:00Z"))).isZero();
        assertThat(hour.cap(200, Instant.parse("2026-03-01T14:15:00Z"))).isEqualTo(50);
        assertThat(hour.cap(200, Instant.parse("2026-03-01T14:59:59Z"))).isEqualTo(199);
        assertThat(hour.cap(0, Instant.parse("2026-03-01T14:00:00Z"))).isEqualTo(200);
        // rounded up: one message sent in the previous hour counts until the hour is over
        assertThat(hour.cap(1, Instant.parse("2026-03-01T14:59:00Z"))).isEqualTo(199);
    }

    @Test
    void nextAllowedIsTheFirstSecondAtWhichOneMorePasses() {
        Random random = new Random(7);
        Instant base = Instant.parse("2026-03-01T14:00:00Z");
        for (int i = 0; i < 5_000; i++) {
            long previous = random.nextInt(400);
            Instant now = base.plusSeconds(random.nextInt(3600));
            long current = Math.max(0, Math.min(random.nextInt(260), hour.cap(previous, now)));
            if (current < hour.cap(previous, now)) {
                continue; // not refused
            }
            Instant next = hour.nextAllowed(previous, current, now);
            assertThat(next).isAfter(now);
            // in the same hour the current count stays; in the next one it becomes the weighted one
            boolean sameHour = next.isBefore(base.plus(Duration.ofHours(1)));
            long prevThen = sameHour ? previous : current;
            long currentThen = sameHour ? current : 0;
            assertThat(hour.cap(prevThen, next)).as("one more passes at %s (%d, %d)", next, previous, current)
                    .isGreaterThan(currentThen);
            Instant before = next.minusSeconds(1);
            if (before.isAfter(now) && sameHour == before.isBefore(base.plus(Duration.ofHours(1)))) {
                assertThat(hour.cap(prevThen, before)).as("not a second earlier").isLessThanOrEqualTo(currentThen);
            }
        }
    }
}
