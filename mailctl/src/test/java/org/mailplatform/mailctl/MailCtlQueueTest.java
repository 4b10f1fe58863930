package org.mailplatform.mailctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mailplatform.auth.AuthServiceApplication;
import org.mailplatform.delivery.DeliveryServiceApplication;
import org.mailplatform.delivery.dlq.DeadLetters;
import org.mailplatform.embedded.BackendEndpoints;
import org.mailplatform.teststack.WithTestStack;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import tools.jackson.databind.JsonNode;

/**
 * {@code mailctl queue} against a running auth-service (tokens) and delivery-service (queue admin
 * API) on the test stack's Kafka, behind one URL as through the gateway. The delivery stages are
 * off, so what is replayed stays on its topic for the test to read.
 */
@WithTestStack
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MailCtlQueueTest {

    static final String ADMIN_PASSWORD = "mailctl-queue-pass";
    static final String PREFIX = "mailctl-" + UUID.randomUUID().toString().substring(0, 6);
    static final String LOCAL = PREFIX + ".local";
    static final String DLQ = PREFIX + ".dlq";

    ConfigurableApplicationContext authService;
    ConfigurableApplicationContext deliveryService;
    AdminPathRouter router;
    String kafka;

    record Run(int exit, String out, String err) {
        JsonNode json() {
            return AdminClient.JSON.readTree(out);
        }
    }

    @BeforeAll
    void start(BackendEndpoints backends) throws Exception {
        kafka = backends.kafkaBootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            admin.createTopics(List.of(new NewTopic(LOCAL, 1, (short) 1), new NewTopic(DLQ, 1, (short) 1))).all().get();
        }
        authService = AuthServiceApplication.builder().run("--server.port=0",
                "--spring.mongodb.uri=" + backends.mongoUri(), "--spring.mongodb.database=mailctl_queue_test",
                "--mail.auth.admin-password=" + ADMIN_PASSWORD, "--mail.auth.password.argon2-memory-kib=1024");
        String auth = "http://127.0.0.1:" + ((WebServerApplicationContext) authService).getWebServer().getPort();
        deliveryService = DeliveryServiceApplication.builder().run("--server.port=0", "--mail.delivery.enabled=false",
                "--spring.kafka.bootstrap-servers=" + kafka, "--spring.mongodb.uri=" + backends.mongoUri(),
                "--mail.s3.endpoint=" + backends.s3().url(), "--mail.s3.access-key=" + backends.s3().accessKey(),
                "--mail.s3.secret-key=" + backends.s3().secretKey(), "--mail.s3.region=" + backends.s3().region(),
                "--mail.s3.bucket=mailctl-queue", "--mail.s3.create-bucket=true",
                "--mail.delivery.topics.local=" + LOCAL, "--mail.delivery.topics.dlq=" + DLQ,
                "--mail.delivery.topics.inbound=" + PREFIX + ".inbound",
                "--mail.delivery.topics.outbound=" + PREFIX + ".outbound",
                "--mail.delivery.topics.retry=" + PREFIX + ".retry",
                "--mail.delivery.admin.hidden-topic=" + DLQ + ".hidden",
                "--mail.delivery.admin.jwt.jwks-uri=" + auth + "/api/admin/jwks");
        String delivery = "http://127.0.0.1:" + ((WebServerApplicationContext) deliveryService).getWebServer().getPort();
        router = new AdminPathRouter(auth, delivery);
    }

    @AfterAll
    void stop() {
        router.close();
        deliveryService.close();
        authService.close();
    }

    @Test
    void statusListReplayAndDeleteOfDeadLetters() {
        deadLetter("user-1", "{\"first\":true}", "blob missing: inbound/x");
        deadLetter("user-2", "{\"second\":true}", "processing failed 5 times");

        Run status = mailctl("queue", "status");
        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.out()).contains("QUEUE", "COUNT").containsPattern("dlq\\s+" + DLQ.replace(".", "\\.") + "\\s+2\\s+yes");

        Run list = mailctl("queue", "list", "dlq");
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out()).contains("local: blob missing: inbound/x", "local: processing failed 5 times");
        List<String> ids = mailctl("queue", "list", "dlq", "--output", "json").json().findValuesAsString("id");
        assertThat(ids).hasSize(2);

        Run replay = mailctl("queue", "replay", ids.get(0));
        assertThat(replay.exit()).as(replay.err()).isZero();
        assertThat(replay.out()).contains(ids.get(0), "replayed", LOCAL);
        ConsumerRecord<String, byte[]> back = awaitRecord(LOCAL);
        assertThat(back.key()).isEqualTo("user-1");
        assertThat(new String(back.value(), StandardCharsets.UTF_8)).isEqualTo("{\"first\":true}");
        assertThat(back.headers().lastHeader(DeadLetters.REASON)).as("dlq.* headers are not replayed").isNull();

        Run delete = mailctl("queue", "delete", ids.get(1));
        assertThat(delete.exit()).as(delete.err()).isZero();
        assertThat(delete.out()).contains("deleted");

        assertThat(mailctl("queue", "list", "dlq", "--output", "json").json().findValuesAsString("id")).isEmpty();
        assertThat(mailctl("queue", "status").out()).containsPattern("dlq\\s+\\S+\\s+0\\s+yes");
        Run again = mailctl("queue", "replay", ids.get(1));
        assertThat(again.exit()).isEqualTo(MailCtl.REFUSED);
        assertThat(again.err()).contains("already deleted");
    }

    @Test
    void unknownQueueAndEntryAreRefusedWithTheServersMessage() {
        Run unknown = mailctl("queue", "list", "nosuch");
        assertThat(unknown.exit()).isEqualTo(MailCtl.REFUSED);
        assertThat(unknown.err()).contains("no queue nosuch");
        Run missing = mailctl("queue", "delete", "0-999999");
        assertThat(missing.exit()).isEqualTo(MailCtl.REFUSED);
        assertThat(missing.err()).contains("no DLQ entry 0-999999");
    }

    private void deadLetter(String key, String value, String reason) {
        ConsumerRecord<String, byte[]> original = new ConsumerRecord<>(LOCAL, 0, 7, key,
                value.getBytes(StandardCharsets.UTF_8));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(DeadLetters.record(DLQ, "local", original, reason)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private ConsumerRecord<String, byte[]> awaitRecord(String topic) {
        List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka, ConsumerConfig.GROUP_ID_CONFIG, "mailctl-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                return !seen.isEmpty();
            });
        }
        return seen.getFirst();
    }

    Run mailctl(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var line = MailCtl.commandLine(new MailCtl(Map.of("MAIL_ADMIN_PASSWORD", ADMIN_PASSWORD)));
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        String[] withUrl = new String[args.length + 2];
        System.arraycopy(args, 0, withUrl, 0, args.length);
        withUrl[args.length] = "--url";
        withUrl[args.length + 1] = router.url();
        return new Run(line.execute(withUrl), out.toString(), err.toString());
    }
}
