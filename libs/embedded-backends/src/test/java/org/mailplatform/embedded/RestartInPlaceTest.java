package org.mailplatform.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.mongodb.MongoClientSettings;
import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault-injection hooks: while stopped a backend refuses its clients, after a restart the same
 * clients (same address, configuration unchanged) read what was written before and write again.
 */
class RestartInPlaceTest {

    @TempDir
    Path dir;

    @Test
    void mongoComesBackOnItsPortWithItsData() {
        try (EmbeddedMongo mongo = EmbeddedMongo.inMemory();
             MongoClient client = MongoClients.create(MongoClientSettings.builder()
                     .applyConnectionString(new ConnectionString(mongo.uri()))
                     .applyToClusterSettings(c -> c.serverSelectionTimeout(1, TimeUnit.SECONDS))
                     .build())) {
            MongoCollection<Document> messages = client.getDatabase("restart").getCollection("messages");
            messages.insertOne(new Document("_id", "before"));

            mongo.stop();
            assertThat(mongo.running()).isFalse();
            assertThat(listens(mongo.uri())).isFalse();
            assertThatThrownBy(() -> messages.insertOne(new Document("_id", "during")))
                    .isInstanceOf(com.mongodb.MongoException.class);

            mongo.restart();
            messages.insertOne(new Document("_id", "after"));
            assertThat(messages.find().map(d -> d.getString("_id")).into(new ArrayList<>()))
                    .containsExactlyInAnyOrder("before", "after");
        }
    }

    @Test
    void s3ComesBackOnItsPortWithItsObjects() throws Exception {
        try (EmbeddedS3 s3 = EmbeddedS3.start(dir.resolve("s3"), 0, "access", "secret-key-of-the-test")) {
            MinioClient client = MinioClient.builder().endpoint(s3.endpoint().url())
                    .credentials("access", "secret-key-of-the-test").region("us-east-1").build();
            client.makeBucket(MakeBucketArgs.builder().bucket("restart").build());
            put(client, "before");

            s3.stop();
            assertThat(listens(s3.endpoint().url())).isFalse();
            assertThatThrownBy(() -> put(client, "during")).hasRootCauseInstanceOf(java.net.ConnectException.class);

            s3.restart();
            put(client, "after");
            assertThat(get(client, "before")).isEqualTo("before");
            assertThat(get(client, "after")).isEqualTo("after");
        }
    }

    @Test
    void kafkaComesBackOnItsPortWithItsRecordsAndTakesNewOnes() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0)) {
            String bootstrap = kafka.bootstrapServers();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                admin.createTopics(List.of(new NewTopic("restart", 1, (short) 1))).all().get();
            }
            try (KafkaProducer<String, String> producer = producer(bootstrap, 30_000)) {
                producer.send(new ProducerRecord<>("restart", "before")).get();
            }

            kafka.stop();
            assertThat(listens("tcp://" + bootstrap)).isFalse();
            try (KafkaProducer<String, String> producer = producer(bootstrap, 1_000)) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>("restart", "during")).get())
                        .hasRootCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
            }

            kafka.restart();
            try (KafkaProducer<String, String> producer = producer(bootstrap, 30_000)) {
                producer.send(new ProducerRecord<>("restart", "after")).get();
            }
            assertThat(readAll(bootstrap, 2)).containsExactly("before", "after");
        }
    }

    private static KafkaProducer<String, String> producer(String bootstrap, int maxBlockMillis) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlockMillis,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, maxBlockMillis,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2 * maxBlockMillis,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
    }

    private static List<String> readAll(String bootstrap, int expected) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "restart",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of("restart"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }

    private static void put(MinioClient client, String name) throws Exception {
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        client.putObject(PutObjectArgs.builder().bucket("restart").object(name)
                .stream(new ByteArrayInputStream(bytes), (long) bytes.length, -1L).build());
    }

    private static String get(MinioClient client, String name) throws Exception {
        try (InputStream in = client.getObject(GetObjectArgs.builder().bucket("restart").object(name).build())) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static boolean listens(String url) {
        URI uri = URI.create(url);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
