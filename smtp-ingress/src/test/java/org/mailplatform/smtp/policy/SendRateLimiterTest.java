package org.mailplatform.smtp.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.mailplatform.teststack.MovableClock;

/** The node-local fallback counts as auth-service does: the hour over any 60 minutes, the UTC day. */
class SendRateLimiterTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T13:50:00Z"));
    private final SendRateLimiter limiter = new SendRateLimiter(4, 10, clock);

    private int send(String user) {
        int sent = 0;
        while (limiter.allowed(user)) {
            limiter.record(user);
            sent++;
        }
        return sent;
    }

    @Test
    void theHourlyLimitHoldsAcrossTheHourBoundary() {
        assertThat(send("alice")).isEqualTo(4);
        // a calendar hour later the four sent at 13:50 still count for the part of 13:xx in the last 60 minutes
        clock.set(Instant.parse("2026-03-01T14:00:00Z"));
        assertThat(send("alice")).isZero();
        clock.set(Instant.parse("2026-03-01T14:30:00Z"));
        assertThat(send("alice")).isEqualTo(2);
        clock.set(Instant.parse("2026-03-01T15:45:00Z"));
        assertThat(send("alice")).as("2 sent in 14:xx, a quarter of it in the last 60 minutes").isEqualTo(3);
        assertThat(send("bob")).as("per user").isEqualTo(4);
    }

    @Test
    void theDailyLimitTurnsWithTheUtcDayAndAnHourGapForgetsTheHour() {
        for (String at : new String[] {"2026-03-01T10:00:00Z", "2026-03-01T12:00:00Z", "2026-03-01T14:00:00Z"}) {
            clock.set(Instant.parse(at));
            limiter.allowed("carol");
            send("carol");
        }
        assertThat(send("carol")).isZero();
        clock.set(Instant.parse("2026-03-01T23:00:00Z"));
        assertThat(send("carol")).as("the day's 10 are used").isZero();
        clock.set(Instant.parse("2026-03-02T00:00:00Z"));
        assertThat(send("carol")).as("a new UTC day; nothing sent in the hour before").isEqualTo(4);
    }
}
