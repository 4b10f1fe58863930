package org.mailplatform.delivery.admin;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The DLQ entries an operator replayed or deleted. Kafka cannot delete one record, so the DLQ keeps
 * them and a compacted topic keyed by entry id ({@code partition-offset}) remembers what was done;
 * listings and counts leave those entries out. The markers are written in the same Kafka transaction
 * as a replayed record, so a replay is recorded exactly when it happened.
 */
final class HiddenEntries {

    /** Values of the marker records. */
    static final String REPLAYED = "replayed";
    static final String DELETED = "deleted";

    private final QueueReader reader;
    private final String topic;
    private volatile boolean ensured;

    HiddenEntries(QueueReader reader, String topic) {
        this.reader = reader;
        this.topic = topic;
    }

    String topic() {
        return topic;
    }

    /** Entry id to what was done with it. */
    Map<String, String> all() {
        ensureTopic();
        Map<String, String> hidden = new HashMap<>();
        QueueTopic markers = new QueueTopic("hidden", topic, null);
        for (ConsumerRecord<String, byte[]> r : reader.read(reader.pending(markers), Integer.MAX_VALUE)) {
            if (r.value() == null) {
                hidden.remove(r.key());
            } else {
                hidden.put(r.key(), new String(r.value(), StandardCharsets.UTF_8));
            }
        }
        return hidden;
    }

    Optional<String> state(String entryId) {
        return Optional.ofNullable(all().get(entryId));
    }

    /** Creates the compacted marker topic when it does not exist (one partition: it stays small). */
    void ensureTopic() {
        if (ensured) {
            return;
        }
        NewTopic t = new NewTopic(topic, 1, (short) -1)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        try {
            reader.admin().createTopics(List.of(t)).all().get(reader.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new QueueUnavailableException("creating " + topic, e.getCause());
            }
        } catch (TimeoutException e) {
            throw new QueueUnavailableException("creating " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueueUnavailableException("creating " + topic, e);
        }
        ensured = true;
    }
}
