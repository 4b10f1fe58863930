package org.mailplatform.store.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.mailplatform.model.MailboxChange;
import org.mailplatform.teststack.TestStack;
import org.mailplatform.teststack.WithTestStack;

/**
 * The reading side of {@code mailbox.changes} against the test stack's Kafka: what the publisher
 * wrote reaches the listener, the kinds it did not ask for are dropped uncounted, broken events are
 * counted {@code invalid}, and a listener that throws does not stop the feed.
 */
@WithTestStack
class ChangeFeedConsumerTest {

    @Test
    void handsTheWantedValidChangesToTheListenerAndCountsTheRest() throws Exception {
        String bootstrap = TestStack.endpoints().kafkaBootstrapServers();
        String topic = "changes-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        MeterRegistry meters = new SimpleMeterRegistry();
        List<MailboxChange> heard = new CopyOnWriteArrayList<>();
        try (ChangeFeedConsumer feed = new ChangeFeedConsumer(
                new ChangeFeedConsumer.Settings(bootstrap, topic, "test-" + UUID.randomUUID()), "test",
                "mail.test.change.events",
                kind -> kind == MailboxChange.Kind.SESSIONS_REVOKED, change -> {
                    if (change.userId().equals("boom")) {
                        throw new IllegalStateException("listener failure");
                    }
                    heard.add(change);
                    return change.userId().equals("here");
                }, meters);
             KafkaChangePublisher publisher = new KafkaChangePublisher(new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(), new ByteArraySerializer()),
                     topic, new SimpleMeterRegistry());
             KafkaProducer<String, byte[]> raw = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                     new StringSerializer(), new ByteArraySerializer())) {
            feed.start();
            await().atMost(Duration.ofSeconds(20)).until(feed::ready);
            assertThat(Thread.getAllStackTraces().keySet()).anyMatch(t -> t.getName().equals("test-change-feed"));

            publisher.publish(MailboxChange.sessionsRevoked("t", "boom", Instant.now()));
            publisher.publish(new MailboxChange("t", "here", "mbx", "INBOX", MailboxChange.Kind.MESSAGES_ADDED,
                    List.of(1L), 2, 3, Instant.now()));
            publisher.publish(MailboxChange.sessionsRevoked("t", "here", Instant.now()));
            publisher.publish(MailboxChange.sessionsRevoked("t", "elsewhere", Instant.now()));
            raw.send(new ProducerRecord<>(topic, "x", "not json".getBytes(StandardCharsets.UTF_8))).get();
            raw.send(new ProducerRecord<>(topic, "x",
                    "{\"kind\":\"SESSIONS_REVOKED\",\"userId\":\"no-tenant\"}".getBytes(StandardCharsets.UTF_8))).get();

            await().atMost(Duration.ofSeconds(20)).until(() -> count(meters, "invalid") == 2);
            await().atMost(Duration.ofSeconds(20)).until(() -> count(meters, "delivered") == 1
                    && count(meters, "no-session") == 1);
            assertThat(heard).extracting(MailboxChange::userId).containsExactly("here", "elsewhere");
            assertThat(feed.unbrokenSince()).isNotNegative();
        }
    }

    private static double count(MeterRegistry meters, String outcome) {
        return meters.get("mail.test.change.events").tag("outcome", outcome).counter().count();
    }
}
