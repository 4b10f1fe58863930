package org.mailplatform.delivery.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailplatform.delivery.DeliveryTestBase;
import org.mailplatform.delivery.queue.LocalDelivery;
import org.mailplatform.model.InboundMessage;
import org.mailplatform.model.Principal;
import org.mailplatform.teststack.TestStack;

class DeadLetterTest extends DeliveryTestBase {

    private KafkaConsumer<String, byte[]> dlq;
    private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

    @BeforeEach
    void subscribe() {
        dlq = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestStack.endpoints().kafkaBootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, "dlq-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer());
        dlq.subscribe(List.of(DLQ));
    }

    @AfterEach
    void close() {
        dlq.close();
    }

    @Test
    void unreadableInboundRecordGoesToTheDeadLetterTopicWithReasonAndOriginalBytes() {
        String key = "garbage-" + UUID.randomUUID();
        byte[] garbage = "{not json".getBytes(StandardCharsets.UTF_8);
        send(INBOUND, key, garbage);

        ConsumerRecord<String, byte[]> dead = awaitDeadLetter(key);
        assertThat(dead.value()).isEqualTo(garbage);
        assertThat(header(dead, DeadLetters.STAGE)).isEqualTo("router");
        assertThat(header(dead, DeadLetters.ORIGINAL_TOPIC)).isEqualTo(INBOUND);
        assertThat(header(dead, DeadLetters.REASON)).contains("InboundMessage");
        assertThat(header(dead, DeadLetters.ORIGINAL_OFFSET)).matches("\\d+");
    }

    @Test
    void localDeliveryWhoseBlobIsMissingIsDeadLetteredAndTheNextOneIsDelivered() {
        Principal user = directory.addUser(unique("dlq") + "@local.test");
        InboundMessage missing = new InboundMessage("MISSING-" + UUID.randomUUID(), "inbound/2026/11/no-such-blob", 10,
                Instant.now(), "s@example.org", List.of(rcpt(user.address())), null, null, false, null, "t");
        send(LOCAL, user.userId(), json.write(new LocalDelivery(missing, rcpt(user.address()), user, 0, null)));
        enqueue("s@example.org", content("after the poison"), rcpt(user.address()));

        ConsumerRecord<String, byte[]> dead = awaitDeadLetter(user.userId());
        assertThat(header(dead, DeadLetters.STAGE)).isEqualTo("local");
        assertThat(header(dead, DeadLetters.REASON)).contains("missing");
        assertThat(awaitInbox(user, 1).getFirst()).contains("after the poison");
    }

    @Test
    void outboundDeliveryWhoseBlobIsMissingIsDeadLetteredAtOnceAndNothingReachesTheRemote() {
        String remote = unique("gone") + "@remote.test";
        String blobKey = "inbound/2026/11/no-such-blob-" + UUID.randomUUID();
        InboundMessage missing = new InboundMessage("MISSING-" + UUID.randomUUID(), blobKey, 10,
                Instant.now(), "s@example.org", List.of(rcpt(remote)), null, null, false, null, "t");
        send(OUTBOUND, "remote.test", json.write(new org.mailplatform.delivery.queue.OutboundDelivery(missing,
                "remote.test", List.of(rcpt(remote)), 0, null, null)));

        await().atMost(Duration.ofSeconds(20)).until(() -> {
            dlq.poll(Duration.ofMillis(200)).forEach(seen::add);
            return seen.stream().anyMatch(r -> header(r, DeadLetters.REASON).contains(blobKey));
        });
        ConsumerRecord<String, byte[]> dead = seen.stream()
                .filter(r -> header(r, DeadLetters.REASON).contains(blobKey)).findFirst().orElseThrow();
        assertThat(header(dead, DeadLetters.STAGE)).isEqualTo("outbound");
        assertThat(header(dead, DeadLetters.REASON)).contains("missing");
        assertThat(SMTP.receivedFor(remote)).isEmpty();
        assertThat(SMTP.rcptAttempts().stream().filter(remote::equals)).as("one attempt, not retried").hasSize(1);
    }

    private ConsumerRecord<String, byte[]> awaitDeadLetter(String key) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            dlq.poll(Duration.ofMillis(200)).forEach(seen::add);
            return seen.stream().anyMatch(r -> key.equals(r.key()));
        });
        return seen.stream().filter(r -> key.equals(r.key())).findFirst().orElseThrow();
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
