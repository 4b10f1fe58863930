package org.mailplatform.delivery.stage;

import java.time.Duration;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The transform of a consume-transform-produce {@link TransactionalStage}: turns one input record
 * into the records to write. It must not write to Kafka itself: what it returns is written in the
 * stage's transaction, together with the input offset, so a crash never loses or doubles it.
 *
 * <p>A handler may throw: {@link PoisonRecordException} dead-letters the record at once; exceptions
 * the stage's failure classifier calls temporary are an {@link Outcome.Pause}; any other exception
 * pauses too until the same record failed {@code max-unexpected-failures} times, then it is
 * dead-lettered.
 */
@FunctionalInterface
public interface RecordHandler {

    Outcome handle(ConsumerRecord<String, byte[]> record);

    /**
     * Handles several records of one key (in offset order) together, where that is cheaper than one
     * by one: local delivery stores one user's messages of a batch as one mailbox-store batch. Only
     * {@link Concurrency#PER_KEY} stages call it, for two or more records.
     *
     * <p>Returns the outcomes of the first records, in order, as many as it settled: none declines.
     * The stage hands the records after them to {@link #handle} one by one, so a handler stops
     * <em>before</em> a record that failed in a way it cannot classify (a backend down) and lets
     * {@code handle} meet the failure again; it must not return a {@link Outcome.Pause}. What it
     * settled must be as if {@code handle} had been called for each record in turn. If it throws,
     * every record goes to {@code handle}: handlers whose work is idempotent (local delivery's
     * idempotency keys) can afford that.
     */
    default java.util.List<Outcome> handleTogether(java.util.List<ConsumerRecord<String, byte[]>> records) {
        return java.util.List.of();
    }

    /** Called after each committed batch: how long to wait before the next poll (default none). */
    default Duration waitAfterBatch() {
        return Duration.ZERO;
    }
}
