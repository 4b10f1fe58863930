package org.mailplatform.delivery.admin;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes replays and hide markers. A replay is one Kafka transaction holding the original record
 * (key, value and original headers, without the {@code dlq.*} ones) on its source topic and the
 * marker that hides the DLQ entry: both happen or neither, so a replay is never lost nor shown
 * as pending afterwards. Calls are serialised: the producer has one transaction at a time.
 */
final class DlqReplayer implements AutoCloseable {

    private final Map<String, Object> config;
    private KafkaProducer<String, byte[]> producer;

    DlqReplayer(Map<String, Object> kafka, String transactionalId) {
        this.config = new HashMap<>(kafka);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    }

    synchronized void replay(ConsumerRecord<String, byte[]> entry, String target, String markerTopic, byte[] marker) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : entry.headers()) {
            if (!h.key().startsWith("dlq.")) {
                headers.add(h);
            }
        }
        transaction(new ProducerRecord<>(target, null, entry.key(), entry.value(), headers),
                new ProducerRecord<>(markerTopic, EntryDescriber.id(entry), marker));
    }

    synchronized void mark(String markerTopic, String entryId, byte[] marker) {
        transaction(new ProducerRecord<>(markerTopic, entryId, marker));
    }

    @SafeVarargs
    private void transaction(ProducerRecord<String, byte[]>... records) {
        try {
            KafkaProducer<String, byte[]> p = producer();
            p.beginTransaction();
            try {
                for (ProducerRecord<String, byte[]> r : records) {
                    p.send(r);
                }
                p.commitTransaction();
            } catch (KafkaException e) {
                p.abortTransaction();
                throw e;
            }
        } catch (KafkaException e) {
            // a fenced or broken producer is rebuilt on the next call
            close();
            throw new QueueUnavailableException("writing to Kafka", e);
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            KafkaProducer<String, byte[]> p = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
            try {
                p.initTransactions();
            } catch (KafkaException e) {
                p.close();
                throw e;
            }
            producer = p;
        }
        return producer;
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(2));
            producer = null;
        }
    }
}
