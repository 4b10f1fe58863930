package org.mailplatform.delivery.stage;

import java.time.Duration;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The transform of a consume-transform-produce {@link TransactionalStage}: turns one input record
 * into the records to write. It must not write to Kafka itself: what it returns is written in the
 * stage's transaction, together with the input offset, so a crash never loses or doubles it.
 *
 * <p>A handler may throw: the stage treats exceptions its failure classifier calls temporary as
 * {@link Outcome.Pause}, and any other exception as a pause too until the same record failed
 * {@code max-unexpected-failures} times, then as a {@link Outcome.DeadLetter}.
 */
@FunctionalInterface
public interface RecordHandler {

    Outcome handle(ConsumerRecord<String, byte[]> record);

    /** Called after each committed batch: how long to wait before the next poll (default none). */
    default Duration waitAfterBatch() {
        return Duration.ZERO;
    }
}
