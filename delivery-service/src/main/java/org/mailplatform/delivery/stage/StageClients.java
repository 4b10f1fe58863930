package org.mailplatform.delivery.stage;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The consumer and transactional producer of one stage run. The consumer reads only committed
 * records and never commits by itself: offsets are committed through the producer's transaction.
 */
final class StageClients implements AutoCloseable {

    final KafkaConsumer<String, byte[]> consumer;
    final KafkaProducer<String, byte[]> producer;
    private final KafkaClientMetrics consumerMetrics;
    private final KafkaClientMetrics producerMetrics;

    StageClients(StageSettings settings, MeterRegistry meters) {
        Map<String, Object> c = new HashMap<>(settings.kafka());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.transactionalId() + "-consumer");
        consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());

        Map<String, Object> p = new HashMap<>(settings.kafka());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.transactionalId());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, settings.transactionalId() + "-producer");
        p.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000);
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());

        consumerMetrics = new KafkaClientMetrics(consumer, List.of(Tag.of("stage", settings.name())));
        producerMetrics = new KafkaClientMetrics(producer, List.of(Tag.of("stage", settings.name())));
        consumerMetrics.bindTo(meters);
        producerMetrics.bindTo(meters);

        producer.initTransactions();
        consumer.subscribe(List.of(settings.inputTopic()));
    }

    @Override
    public void close() {
        consumerMetrics.close();
        producerMetrics.close();
        try {
            producer.close(Duration.ofSeconds(5));
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }
}
