package org.mailplatform.delivery.admin;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The queue admin API ({@code mail.delivery.admin.*}), served under {@code /api/admin/queue} and
 * reached through the gateway. Tokens are checked with {@link AdminJwtProperties}.
 *
 * @param hiddenTopic     compacted topic recording replayed and deleted DLQ entries (default
 *                        {@code mail.dlq.hidden}); created on first use when missing
 * @param maxListEntries  most entries one list request returns (default 500)
 * @param countScanLimit  a queue with at most this many records pending is counted record by record
 *                        (exact); a longer one is estimated from offsets (default 10000)
 * @param kafkaTimeout    how long one request may wait for Kafka (default 10s)
 */
@ConfigurationProperties("mail.delivery.admin")
public record QueueAdminProperties(String hiddenTopic, Integer maxListEntries, Integer countScanLimit,
                                   Duration kafkaTimeout) {

    public QueueAdminProperties {
        hiddenTopic = hiddenTopic == null || hiddenTopic.isBlank() ? "mail.dlq.hidden" : hiddenTopic;
        maxListEntries = maxListEntries == null ? 500 : maxListEntries;
        countScanLimit = countScanLimit == null ? 10_000 : countScanLimit;
        kafkaTimeout = kafkaTimeout == null ? Duration.ofSeconds(10) : kafkaTimeout;
        if (maxListEntries < 1 || countScanLimit < 0 || !kafkaTimeout.isPositive()) {
            throw new IllegalArgumentException("mail.delivery.admin: max-list-entries >= 1, count-scan-limit >= 0, "
                    + "kafka-timeout > 0");
        }
    }
}
