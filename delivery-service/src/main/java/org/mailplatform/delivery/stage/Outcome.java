package org.mailplatform.delivery.stage;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.apache.kafka.clients.producer.ProducerRecord;

/** What a {@link RecordHandler} made of one record. */
public sealed interface Outcome {

    /** Processed: these records are written in the same transaction that commits the input offset. */
    record Done(List<ProducerRecord<String, byte[]>> output) implements Outcome {
        public Done {
            output = List.copyOf(output);
        }
    }

    /**
     * A backend the record needs is unavailable (directory, MongoDB, S3): the record and everything
     * after it in its partition stay uncommitted and are tried again after a back-off.
     */
    record Pause(String reason, Throwable cause) implements Outcome {
        public Pause {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The record can never be processed: it goes to the dead-letter topic with the reason. */
    record DeadLetter(String reason, Throwable cause) implements Outcome {
        public DeadLetter {
            Objects.requireNonNull(reason, "reason");
        }
    }

    static Done done(List<ProducerRecord<String, byte[]>> output) {
        return new Done(output);
    }

    static Done done(ProducerRecord<String, byte[]> output) {
        return new Done(List.of(output));
    }

    /** How long the stage waits before the next poll after a batch; zero unless a handler asks. */
    static Duration noWait() {
        return Duration.ZERO;
    }
}
