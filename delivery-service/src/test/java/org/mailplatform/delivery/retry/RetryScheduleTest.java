package org.mailplatform.delivery.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    private final RetrySchedule schedule = new RetrySchedule(List.of(Duration.ofMinutes(5), Duration.ofMinutes(15),
            Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(4)), Duration.ofDays(5));
    private final Instant received = Instant.parse("2026-11-01T00:00:00Z");

    @Test
    void followsTheDelaysThenRepeatsTheLast() {
        assertThat(schedule.next(1, received, received)).contains(received.plus(Duration.ofMinutes(5)));
        assertThat(schedule.next(2, received, received)).contains(received.plus(Duration.ofMinutes(15)));
        assertThat(schedule.next(6, received, received)).contains(received.plus(Duration.ofHours(4)));
        assertThat(schedule.next(20, received, received)).contains(received.plus(Duration.ofHours(4)));
    }

    @Test
    void theLastAttemptIsAtTheExpiryTimeAndAFailureThenIsFinal() {
        Instant late = received.plus(Duration.ofDays(5)).minus(Duration.ofHours(1));
        assertThat(schedule.next(30, received, late)).contains(received.plus(Duration.ofDays(5)));
        assertThat(schedule.next(31, received, received.plus(Duration.ofDays(5)))).isEmpty();
    }
}
