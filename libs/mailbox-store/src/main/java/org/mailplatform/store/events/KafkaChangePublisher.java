package org.mailplatform.store.events;

import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.mailplatform.model.MailboxChange;
import org.mailplatform.model.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes {@link MailboxChange} events as JSON to {@link Topics#MAILBOX_CHANGES}, keyed by user id
 * so one user's changes stay in order. Counts sent and failed events
 * ({@code mail.store.change.events{outcome}}).
 */
public final class KafkaChangePublisher implements ChangePublisher, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaChangePublisher.class);

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final JsonMapper json = JsonMapper.builder().findAndAddModules().build();
    private final Counter sent;
    private final Counter failed;
    /** Sends happen here, so a broker that is slow to answer metadata never blocks a store operation. */
    private final java.util.concurrent.ThreadPoolExecutor sender = new java.util.concurrent.ThreadPoolExecutor(1, 1,
            0, java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.ArrayBlockingQueue<>(10_000),
            Thread.ofPlatform().name("mailbox-change-sender").daemon().factory());

    public KafkaChangePublisher(Producer<String, byte[]> producer, String topic, MeterRegistry meters) {
        this.producer = producer;
        this.topic = topic;
        this.sent = Counter.builder("mail.store.change.events").tag("outcome", "sent").register(meters);
        this.failed = Counter.builder("mail.store.change.events").tag("outcome", "failed").register(meters);
    }

    /** A producer for {@code bootstrapServers} (idempotent, acks=all). */
    public static KafkaChangePublisher create(String bootstrapServers, MeterRegistry meters) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000,
                ProducerConfig.CLIENT_ID_CONFIG, "mailbox-store");
        return new KafkaChangePublisher(new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer()),
                Topics.MAILBOX_CHANGES, meters);
    }

    @Override
    public void publish(MailboxChange change) {
        try {
            sender.execute(() -> send(change));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            failed.increment();
            log.warn("mailbox change {} for mailbox {} dropped: send queue full", change.kind(), change.mailboxId());
        }
    }

    private void send(MailboxChange change) {
        try {
            producer.send(new ProducerRecord<>(topic, change.userId(), json.writeValueAsBytes(change)), (md, e) -> {
                if (e != null) {
                    failed.increment();
                    log.warn("mailbox change {} for mailbox {} not published: {}", change.kind(), change.mailboxId(),
                            e.toString());
                } else {
                    sent.increment();
                }
            });
        } catch (RuntimeException e) {
            failed.increment();
            log.warn("mailbox change {} for mailbox {} not published: {}", change.kind(), change.mailboxId(), e.toString());
        }
    }

    @Override
    public void close() {
        sender.shutdown();
        try {
            sender.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
