package org.mailplatform.delivery.config;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The retry schedule of deferred deliveries ({@code mail.delivery.retry.*}).
 *
 * @param delays       wait after the 1st, 2nd, ... failure; the last repeats (default 5m, 15m, 30m,
 *                     1h, 2h, 4h)
 * @param maxAge       how long after receipt a message is given up and bounced (default 5d)
 * @param scanInterval longest sleep of the retry stage between passes over waiting records, i.e.
 *                     the worst lateness of a retry and how often a waiting record is rewritten
 *                     (default 30s)
 */
@ConfigurationProperties("mail.delivery.retry")
public record RetryProperties(List<Duration> delays, Duration maxAge, Duration scanInterval) {

    public RetryProperties {
        delays = delays == null || delays.isEmpty()
                ? List.of(Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1),
                        Duration.ofHours(2), Duration.ofHours(4))
                : List.copyOf(delays);
        maxAge = maxAge == null ? Duration.ofDays(5) : maxAge;
        scanInterval = scanInterval == null ? Duration.ofSeconds(30) : scanInterval;
    }
}
