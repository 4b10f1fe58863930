package org.mailplatform.smtp.intake;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.mailplatform.model.InboundMessage;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes {@link InboundMessage}s to {@code mail.inbound} as JSON, keyed by queue id, and blocks
 * until the broker acknowledged (the producer is idempotent with {@code acks=all}). Call it from a
 * blocking thread only.
 */
public final class InboundPublisher implements AutoCloseable {

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final Duration timeout;
    private final JsonMapper json = JsonMapper.builder().build();

    public InboundPublisher(Producer<String, byte[]> producer, String topic, Duration timeout) {
        this.producer = producer;
        this.topic = topic;
        this.timeout = timeout;
    }

    /** Sends and waits for the acknowledgement; any failure means the message is not queued. */
    public void publish(InboundMessage message) throws QueueUnavailableException {
        try {
            producer.send(new ProducerRecord<>(topic, message.id(), json.writeValueAsBytes(message)))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueueUnavailableException("interrupted", e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw new QueueUnavailableException(e.getMessage(), e);
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
