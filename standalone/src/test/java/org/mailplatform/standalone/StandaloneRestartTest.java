package org.mailplatform.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailplatform.embedded.BackendEndpoints;
import org.mailplatform.model.Topics;

/**
 * The whole platform in one JVM: it comes up with every service healthy behind the gateway, and a
 * second start on the same data directory finds everything the first one stored.
 */
class StandaloneRestartTest {

    static {
        // as StandaloneMain does: one logging configuration for all the contexts in the JVM
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
    }

    @TempDir
    Path dataDir;

    @Test
    void restartOnTheSameDataDirectoryKeepsQueuedRecordsDocumentsAndBlobs() throws Exception {
        StandaloneConfig config = new StandaloneConfig(dataDir, "127.0.0.1", StandaloneConfig.Ports.anyFree(), Optional.empty());

        try (Platform first = Platform.start(config)) {
            assertThat(first.serviceNames()).contains("gateway", "auth-service", "mailbox-service", "smtp-ingress",
                    "delivery-service", "imap-service", "pop3-service");
            assertThat(get(first.httpPort("gateway"), "/actuator/health")).contains("\"status\":\"UP\"");
            store(first.backends());
        }
        assertThat(Files.readString(dataDir.resolve("admin-password")).strip()).hasSizeGreaterThanOrEqualTo(20);
        assertThat(dataDir.resolve("tls/cert.pem")).exists();
        assertThat(dataDir.resolve("tls/key.pem")).content().startsWith("-----BEGIN PRIVATE KEY-----");

        try (Platform second = Platform.start(config)) {
            assertThat(get(second.httpPort("gateway"), "/actuator/health")).contains("\"status\":\"UP\"");
            assertStored(second.backends());
        }
    }

    private static void store(BackendEndpoints backends) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, backends.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            producer.send(new ProducerRecord<>(Topics.MAIL_INBOUND, "m-1", "queued before restart")).get();
        }
        try (MongoClient mongo = MongoClients.create(backends.mongoUri())) {
            mongo.getDatabase("restart_check").getCollection("things").insertOne(new Document("_id", "kept"));
        }
        try (MinioClient s3 = s3(backends)) {
            if (!s3.bucketExists(BucketExistsArgs.builder().bucket("restart-check").build())) {
                s3.makeBucket(MakeBucketArgs.builder().bucket("restart-check").build());
            }
            byte[] body = "kept across restarts".getBytes();
            s3.putObject(PutObjectArgs.builder().bucket("restart-check").object("blob")
                    .stream(new ByteArrayInputStream(body), (long) body.length, -1L).build());
        }
    }

    private static void assertStored(BackendEndpoints backends) throws Exception {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, backends.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "restart-check",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of(Topics.MAIL_INBOUND));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
        }
        assertThat(values).contains("queued before restart");
        try (MongoClient mongo = MongoClients.create(backends.mongoUri())) {
            assertThat(mongo.getDatabase("restart_check").getCollection("things").find(new Document("_id", "kept")).first())
                    .isNotNull();
        }
        try (MinioClient s3 = s3(backends);
             var in = s3.getObject(GetObjectArgs.builder().bucket("restart-check").object("blob").build())) {
            assertThat(new String(in.readAllBytes())).isEqualTo("kept across restarts");
        }
    }

    private static MinioClient s3(BackendEndpoints backends) {
        return MinioClient.builder().endpoint(backends.s3().url())
                .credentials(backends.s3().accessKey(), backends.s3().secretKey()).region(backends.s3().region()).build();
    }

    private static String get(int port, String path) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }
    }
}
