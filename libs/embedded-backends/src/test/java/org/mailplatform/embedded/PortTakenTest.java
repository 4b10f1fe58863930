package org.mailplatform.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A port picked (or held) for a server is taken by another socket before the server binds it:
 * the server starts on fresh ports, or waits until its own port is free again.
 */
class PortTakenTest {

    @TempDir
    Path dir;

    @Test
    void picksBelowTheEphemeralRangeAndNeverTheSamePortTwice() {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ports.add(FreePorts.pick());
        }
        assertThat(ports).doesNotHaveDuplicates();
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        if (Files.exists(range)) {
            assertThat(FreePorts.ephemeralLow()).isEqualTo(Integer.parseInt(readFirstLine(range).split("\\s+")[0]));
        }
        if (FreePorts.ephemeralLow() > FreePorts.HIGHEST) {
            assertThat(ports).allSatisfy(p -> assertThat(p).isBetween(FreePorts.LOWEST, FreePorts.HIGHEST));
        }
    }

    @Test
    void kafkaStartsOnFreshPortsWhenThePickedOnesAreTaken() throws Exception {
        try (ServerSocket takenController = listen(); ServerSocket takenBroker = listen()) {
            // first try: broker port free, controller port taken (the controller binds first);
            // second try: the controller binds, the broker's port is taken; third try: fresh ports
            Deque<Integer> picks = new ArrayDeque<>(List.of(FreePorts.pick(), takenController.getLocalPort(),
                    takenBroker.getLocalPort()));
            IntSupplier freePort = () -> picks.isEmpty() ? FreePorts.pick() : picks.pop();

            try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0, freePort);
                 Admin admin = Admin.create(java.util.Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                assertThat(kafka.bootstrapServers()).doesNotEndWith(":" + takenBroker.getLocalPort());
                admin.createTopics(List.of(new NewTopic("after-taken-ports", 1, (short) 1))).all().get();
                assertThat(admin.listTopics().names().get()).contains("after-taken-ports");
            }
        }
    }

    @Test
    void aRestartWaitsUntilItsPortIsFreeAgain() throws Exception {
        try (EmbeddedMongo mongo = EmbeddedMongo.inMemory()) {
            try (MongoClient client = MongoClients.create(mongo.uri())) {
                client.getDatabase("taken").getCollection("things").insertOne(new Document("_id", "before"));
            }
            mongo.stop();
            int port = Integer.parseInt(mongo.uri().substring(mongo.uri().lastIndexOf(':') + 1));
            CompletableFuture<Void> restart;
            try (ServerSocket squatter = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
                restart = CompletableFuture.runAsync(mongo::restart);
                // it keeps trying while another socket holds the port
                await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> !restart.isDone());
            }
            await().atMost(Duration.ofSeconds(20)).until(restart::isDone);
            restart.join();
            assertThat(mongo.running()).isTrue();
            try (MongoClient client = MongoClients.create(mongo.uri())) {
                assertThat(client.getDatabase("taken").getCollection("things").find(new Document("_id", "before")).first())
                        .isNotNull();
            }
        }
    }

    @Test
    void anS3RestartWaitsUntilItsPortIsFreeAgain() throws Exception {
        try (EmbeddedS3 s3 = EmbeddedS3.start(dir.resolve("s3"), 0, "access", "secret-key-of-the-test")) {
            MinioClient client = MinioClient.builder().endpoint(s3.endpoint().url())
                    .credentials("access", "secret-key-of-the-test").region("us-east-1").build();
            client.makeBucket(MakeBucketArgs.builder().bucket("taken").build());
            s3.stop();
            int port = URI.create(s3.endpoint().url()).getPort();
            CompletableFuture<Void> restart;
            try (ServerSocket squatter = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
                restart = CompletableFuture.runAsync(s3::restart);
                await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> !restart.isDone());
            }
            await().atMost(Duration.ofSeconds(20)).until(restart::isDone);
            restart.join();
            assertThat(client.bucketExists(BucketExistsArgs.builder().bucket("taken").build())).isTrue();
        }
    }

    @Test
    void recognisesBindFailuresThroughWrappers() {
        assertThat(FreePorts.isBindFailure(new IllegalStateException("start failed",
                new RuntimeException(new BindException("Address already in use"))))).isTrue();
        assertThat(FreePorts.isBindFailure(new RuntimeException("Socket server failed to bind to 127.0.0.1:1: Address already in use.")))
                .isTrue();
        assertThat(FreePorts.isBindFailure(new IllegalStateException("cannot format", new IOException("disk full")))).isFalse();
    }

    private static String readFirstLine(Path file) {
        try {
            return Files.readAllLines(file).getFirst().trim();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ServerSocket listen() throws IOException {
        return new ServerSocket(FreePorts.pick(), 50, InetAddress.getLoopbackAddress());
    }
}
