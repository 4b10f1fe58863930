package org.mailplatform.delivery.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;

import org.junit.jupiter.api.Test;

class SweepWindowTest {

    @Test
    void walksFromTheLookbackUpToTheMonthOfTheCutoff() {
        SweepWindow w = SweepWindow.at(Instant.parse("2026-03-05T12:00:00Z"), Duration.ofDays(7), 3);

        assertThat(w.cutoff()).isEqualTo(Instant.parse("2026-02-26T12:00:00Z"));
        assertThat(w.months()).containsExactly(YearMonth.of(2025, 12), YearMonth.of(2026, 1), YearMonth.of(2026, 2));
    }

    @Test
    void theCurrentMonthIsWalkedOnceTheCutoffIsInIt() {
        SweepWindow w = SweepWindow.at(Instant.parse("2026-01-20T00:00:00Z"), Duration.ofDays(7), 1);

        assertThat(w.months()).containsExactly(YearMonth.of(2025, 12), YearMonth.of(2026, 1));
        assertThat(SweepWindow.monthPrefix("inbound", YearMonth.of(2026, 1))).isEqualTo("inbound/2026/01/");
    }
}
