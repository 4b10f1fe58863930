package org.mailplatform.delivery.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads queues without joining their consumer groups: which offsets of a topic are still pending
 * (from the stage group's committed offset, or the log start for the DLQ, to the last stable
 * offset), and the committed records in such a range, with a bound. Every call waits at most the
 * configured timeout; Kafka failures become {@link QueueUnavailableException}.
 */
final class QueueReader implements AutoCloseable {

    /** Offsets {@code [from, to)} of one partition. */
    record Range(long from, long to) {
        long size() {
            return Math.max(0, to - from);
        }
    }

    private final Admin admin;
    private final Map<String, Object> consumerConfig;
    private final Duration timeout;

    QueueReader(Map<String, Object> kafka, Duration timeout) {
        this.admin = Admin.create(kafka);
        this.consumerConfig = new HashMap<>(kafka);
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        this.timeout = timeout;
    }

    /** The pending offsets of every partition of the queue's topic; empty when the topic does not exist. */
    Map<TopicPartition, Range> pending(QueueTopic queue) {
        try {
            Map<String, TopicDescription> topics = admin.describeTopics(List.of(queue.topic())).allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            topics.get(queue.topic()).partitions().forEach(p -> {
                TopicPartition tp = new TopicPartition(queue.topic(), p.partition());
                earliest.put(tp, OffsetSpec.earliest());
                latest.put(tp, OffsetSpec.latest());
            });
            var start = admin.listOffsets(earliest).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            var end = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = queue.deadLetters() ? Map.of()
                    : admin.listConsumerGroupOffsets(queue.group()).partitionsToOffsetAndMetadata()
                            .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, Range> ranges = new HashMap<>();
            for (TopicPartition tp : earliest.keySet()) {
                long from = start.get(tp).offset();
                OffsetAndMetadata c = committed.get(tp);
                if (c != null) {
                    from = Math.max(from, c.offset());
                }
                ranges.put(tp, new Range(from, end.get(tp).offset()));
            }
            return ranges;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Map.of();
            }
            throw new QueueUnavailableException("reading offsets of " + queue.topic(), e.getCause());
        } catch (TimeoutException e) {
            throw new QueueUnavailableException("reading offsets of " + queue.topic(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueueUnavailableException("reading offsets of " + queue.topic(), e);
        }
    }

    /**
     * The committed records in {@code ranges}, partition by partition in offset order, at most
     * {@code max} of them. Transaction markers and aborted records take offsets but are not returned.
     */
    List<ConsumerRecord<String, byte[]>> read(Map<TopicPartition, Range> ranges, int max) {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        Map<TopicPartition, Range> open = new HashMap<>(ranges);
        open.values().removeIf(r -> r.size() == 0);
        if (open.isEmpty() || max <= 0) {
            return out;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(open.keySet());
            open.forEach((tp, r) -> consumer.seek(tp, r.from()));
            while (!open.isEmpty() && out.size() < max) {
                if (System.nanoTime() > deadline) {
                    throw new QueueUnavailableException("reading " + open.keySet(), null);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    Range range = open.get(new TopicPartition(r.topic(), r.partition()));
                    if (range != null && r.offset() < range.to() && out.size() < max) {
                        out.add(r);
                    }
                }
                open.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue().to());
                consumer.pause(consumer.assignment().stream().filter(tp -> !open.containsKey(tp)).toList());
            }
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new QueueUnavailableException("reading records", e);
        }
        out.sort((a, b) -> a.partition() != b.partition() ? Integer.compare(a.partition(), b.partition())
                : Long.compare(a.offset(), b.offset()));
        return out;
    }

    /** The record at {@code offset} of {@code tp}, if it exists and is committed. */
    Optional<ConsumerRecord<String, byte[]>> readOne(TopicPartition tp, long offset) {
        return read(Map.of(tp, new Range(offset, offset + 1)), 1).stream().filter(r -> r.offset() == offset).findFirst();
    }

    Admin admin() {
        return admin;
    }

    Duration timeout() {
        return timeout;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
