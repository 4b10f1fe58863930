package org.mailplatform.delivery.stage;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How one stage consumes and produces.
 *
 * @param name                  the stage's name in logs and metrics ({@code router}, {@code local}, ...)
 * @param inputTopic            the topic it consumes
 * @param groupId               its consumer group
 * @param transactionalId       the producer's transactional id; must be stable across restarts of the
 *                              same instance so a restart fences and aborts the crashed transaction
 * @param dlqTopic              where dead letters go
 * @param concurrency           how a batch's records are processed: in order, per key, or all at once
 *                              (on virtual threads); outcomes are committed in offset order either way
 * @param maxPollRecords        records per batch
 * @param backoffInitial        first wait after a pause
 * @param backoffMax            longest wait after repeated pauses
 * @param maxUnexpectedFailures unexpected failures of one record before it is dead-lettered
 * @param kafka                 extra client properties (bootstrap servers, security)
 */
public record StageSettings(String name, String inputTopic, String groupId, String transactionalId, String dlqTopic,
                            Concurrency concurrency, int maxPollRecords, Duration backoffInitial, Duration backoffMax,
                            int maxUnexpectedFailures, Map<String, Object> kafka) {

    public StageSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(inputTopic, "inputTopic");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(transactionalId, "transactionalId");
        Objects.requireNonNull(dlqTopic, "dlqTopic");
        Objects.requireNonNull(concurrency, "concurrency");
        kafka = Map.copyOf(kafka);
        if (maxPollRecords < 1 || maxUnexpectedFailures < 1) {
            throw new IllegalArgumentException("maxPollRecords and maxUnexpectedFailures must be positive");
        }
    }
}
