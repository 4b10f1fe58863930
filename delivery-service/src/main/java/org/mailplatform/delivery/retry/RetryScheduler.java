package org.mailplatform.delivery.retry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.mailplatform.delivery.stage.Outcome;
import org.mailplatform.delivery.stage.RecordHandler;

/**
 * The retry stage: reads {@code mail.retry}; a record that is due goes back to its target topic
 * ({@code mail.outbound} or {@code mail.local}); one that is not due yet is appended again to the
 * end of {@code mail.retry}. Both happen in the stage's transaction with the offset, so a deferred
 * delivery is never lost or doubled. After a batch with records not yet due, the stage sleeps until
 * the earliest of them is due, at most {@code scanInterval}, so waiting records are rewritten at
 * most once per scan interval (and a short delay never waits behind a long one, as it would if the
 * consumer simply paused at the first record not due).
 */
public final class RetryScheduler implements RecordHandler {

    private final String retryTopic;
    private final Set<String> targets;
    private final Duration scanInterval;
    private final Clock clock;
    private Instant earliestWaiting;

    /**
     * @param targets the topics a retry record may return to; anything else is dead-lettered
     */
    public RetryScheduler(String retryTopic, Set<String> targets, Duration scanInterval, Clock clock) {
        this.retryTopic = retryTopic;
        this.targets = Set.copyOf(targets);
        this.scanInterval = scanInterval;
        this.clock = clock;
    }

    @Override
    public Outcome handle(ConsumerRecord<String, byte[]> record) {
        String target = RetryRecords.target(record);
        Instant notBefore = RetryRecords.notBefore(record);
        if (target == null || notBefore == null || !targets.contains(target)) {
            return new Outcome.DeadLetter("retry record without a valid " + RetryRecords.TARGET + " / "
                    + RetryRecords.NOT_BEFORE + " header", null);
        }
        if (!clock.instant().isBefore(notBefore)) {
            return Outcome.done(new ProducerRecord<>(target, record.key(), record.value()));
        }
        if (earliestWaiting == null || notBefore.isBefore(earliestWaiting)) {
            earliestWaiting = notBefore;
        }
        return Outcome.done(RetryRecords.defer(retryTopic, target, record.key(), record.value(), notBefore));
    }

    @Override
    public Duration waitAfterBatch() {
        if (earliestWaiting == null) {
            return Duration.ZERO;
        }
        Duration untilDue = Duration.between(clock.instant(), earliestWaiting);
        earliestWaiting = null;
        if (untilDue.isNegative()) {
            return Duration.ZERO;
        }
        return untilDue.compareTo(scanInterval) > 0 ? scanInterval : untilDue;
    }
}
