package org.mailplatform.smtp.intake;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.micrometer.observation.Observation;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.mailplatform.model.InboundMessage;
import org.mailplatform.observability.tracing.KafkaObservations;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes {@link InboundMessage}s to {@code mail.inbound} as JSON, keyed by queue id, and blocks
 * until the broker acknowledged (the producer is idempotent with {@code acks=all}). Call it from a
 * blocking thread only.
 *
 * <p>It also opens each message's observation ({@value #MESSAGE}: a span from DATA/BDAT to the
 * final reply when tracing is on) and sends the record within it, so the record's headers carry
 * the message's trace to delivery.
 */
public final class InboundPublisher implements AutoCloseable {

    /** Observation of one message from DATA/BDAT to the final reply. */
    public static final String MESSAGE = "mail.smtp.message";

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final Duration timeout;
    private final KafkaObservations observations;
    private final JsonMapper json = JsonMapper.builder().build();

    public InboundPublisher(Producer<String, byte[]> producer, String topic, Duration timeout) {
        this(producer, topic, timeout, KafkaObservations.noop());
    }

    public InboundPublisher(Producer<String, byte[]> producer, String topic, Duration timeout,
                            KafkaObservations observations) {
        this.producer = producer;
        this.topic = topic;
        this.timeout = timeout;
        this.observations = observations;
    }

    /**
     * Starts the observation of one message received on {@code listener}; the caller stops it with
     * the outcome ({@code queued}, {@code rejected}, {@code temporary} or {@code abandoned}).
     */
    public Observation startMessage(String listener, String queueId) {
        return Observation.createNotStarted(MESSAGE, observations.registry())
                .contextualName("smtp message")
                .lowCardinalityKeyValue("listener", listener)
                .highCardinalityKeyValue("mail.queue_id", queueId)
                .start();
    }

    /** Sends and waits for the acknowledgement; any failure means the message is not queued. */
    public void publish(InboundMessage message) throws QueueUnavailableException {
        publish(message, null);
    }

    /**
     * Sends within {@code trace} (the message's observation, or null) and waits for the
     * acknowledgement; any failure means the message is not queued.
     */
    public void publish(InboundMessage message, Observation trace) throws QueueUnavailableException {
        Observation sending = null;
        try {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, message.id(), json.writeValueAsBytes(message));
            sending = observations.sending(record, trace).start();
            producer.send(record).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed(sending, e);
            throw new QueueUnavailableException("interrupted", e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            failed(sending, e);
            throw new QueueUnavailableException(e.getMessage(), e);
        } finally {
            if (sending != null) {
                sending.stop();
            }
        }
    }

    private static void failed(Observation sending, Exception e) {
        if (sending != null) {
            sending.error(e);
        }
    }

    /** The JSON the platform writes, for consumers and tests. */
    public JsonMapper json() {
        return json;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    /** Kafka did not acknowledge the record. */
    public static final class QueueUnavailableException extends Exception {
        public QueueUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
