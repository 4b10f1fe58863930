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

    /** Called after each committed batch: how long to wait before the next poll (default none). */
    default Duration waitAfterBatch() {
        return Duration.ZERO;
    }
}
