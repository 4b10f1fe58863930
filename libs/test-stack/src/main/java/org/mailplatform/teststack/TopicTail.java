package org.mailplatform.teststack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

/**
 * Reads what is published to one topic from the moment it is opened, for a test that checks what a
 * service sent: assigned to every partition at the end offsets of that moment (no consumer group,
 * so no rebalance to wait for and nothing older to skip). Creates the topic if it is missing, as
 * the embedded broker creates none on its own (standalone and the Helm hook do in production).
 */
public final class TopicTail implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final KafkaConsumer<String, String> consumer;
    private final List<String> read = new ArrayList<>();

    public TopicTail(String bootstrapServers, String topic, int partitionsIfCreated) {
        ensureTopic(bootstrapServers, topic, partitionsIfCreated);
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer());
        // a topic created a moment ago may not be in every broker's metadata yet
        List<TopicPartition> partitions = Awaitility.await().atMost(WAIT).pollInSameThread()
                .until(() -> consumer.partitionsFor(topic), p -> !p.isEmpty()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        consumer.assign(partitions);
        ends.forEach(consumer::seek);
    }

    /** Polls once and returns every value read so far, oldest first per partition. */
    public List<String> poll() {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> read.add(r.value()));
        return List.copyOf(read);
    }

    /** The first value read that matches, waiting for it up to 30 seconds. */
    public String await(Predicate<String> matching) {
        return Awaitility.await().atMost(WAIT).pollInSameThread()
                .until(() -> poll().stream().filter(matching).toList(), found -> !found.isEmpty()).getFirst();
    }

    private static void ensureTopic(String bootstrapServers, String topic, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
