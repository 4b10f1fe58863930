package org.mailplatform.mailctl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.mailplatform.model.Topics;
import tools.jackson.databind.JsonNode;

/**
 * Reads what is published to {@code mailbox.changes} from the moment it is opened: assigned to every
 * partition at the end offsets of that moment (no group, so no rebalance to wait for and nothing
 * older to skip).
 */
final class ChangeTopicReader implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<JsonNode> read = new ArrayList<>();

    ChangeTopicReader(String bootstrapServers) {
        ensureTopic(bootstrapServers);
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer());
        // a topic created a moment ago may not be in every broker's metadata yet
        List<TopicPartition> partitions = Awaitility.await().atMost(Duration.ofSeconds(30)).pollInSameThread()
                .until(() -> consumer.partitionsFor(Topics.MAILBOX_CHANGES), p -> !p.isEmpty()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        consumer.assign(partitions);
        ends.forEach(consumer::seek);
    }

    /** Polls once and returns the events read so far for {@code userId}, as JSON. */
    List<JsonNode> poll(String userId) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> read.add(AdminClient.JSON.readTree(r.value())));
        return read.stream().filter(e -> e.path("userId").asString().equals(userId)).toList();
    }

    /** The first event for {@code userId}, waiting for it up to 30 seconds. */
    JsonNode await(String userId) {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInSameThread()
                .until(() -> poll(userId), e -> !e.isEmpty()).getFirst();
    }

    /** The embedded broker creates no topic on its own; standalone and the Helm hook create it in production. */
    private static void ensureTopic(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(Topics.MAILBOX_CHANGES, 2, (short) 1))).all().get();
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
