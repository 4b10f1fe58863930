package org.mailplatform.teststack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.mailplatform.embedded.BackendEndpoints;
import org.mailplatform.embedded.BackendEndpoints.S3Endpoint;
import org.mailplatform.embedded.EmbeddedKafka;
import org.mailplatform.embedded.EmbeddedMongo;
import org.mailplatform.embedded.EmbeddedS3;
import org.mailplatform.embedded.RestartableBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;

/** Picks and starts each backend (environment, container or embedded) and stops them at JVM exit. */
final class RunningStack {

    private static final Logger log = LoggerFactory.getLogger(RunningStack.class);
    static final String KAFKA_IMAGE = "apache/kafka:4.1.2";
    static final String MONGO_IMAGE = "mongo:8.0";
    static final String MINIO_IMAGE = "minio/minio:RELEASE.2025-09-07T16-13-09Z";

    private final BackendEndpoints endpoints;
    /** The backends running in this JVM, which fault runs may stop and restart. */
    private final Map<TestStack.Backend, RestartableBackend> embedded;

    private RunningStack(BackendEndpoints endpoints, Map<TestStack.Backend, RestartableBackend> embedded) {
        this.endpoints = endpoints;
        this.embedded = Map.copyOf(embedded);
    }

    BackendEndpoints endpoints() {
        return endpoints;
    }

    Optional<RestartableBackend> embedded(TestStack.Backend backend) {
        return Optional.ofNullable(embedded.get(backend));
    }

    static RunningStack start(StackEnvironment env) {
        List<AutoCloseable> started = new ArrayList<>();
        Map<TestStack.Backend, RestartableBackend> embedded = new EnumMap<>(TestStack.Backend.class);
        Path scratch = scratchDirectory();
        boolean docker = env.dockerAllowed() && dockerAnswers();
        long t0 = System.nanoTime();

        String kafka = env.get(StackEnvironment.KAFKA).map(v -> chosen("Kafka", "environment", v))
                .orElseGet(() -> docker ? kafkaContainer(started) : embeddedKafka(scratch, started, embedded));
        String mongo = env.get(StackEnvironment.MONGO).map(v -> chosen("MongoDB", "environment", v))
                .orElseGet(() -> docker ? mongoContainer(started) : embeddedMongo(started, embedded));
        S3Endpoint s3 = env.get(StackEnvironment.S3_ENDPOINT).map(url -> environmentS3(env, url))
                .orElseGet(() -> docker ? minioContainer(started) : embeddedS3(scratch, started, embedded));

        log.info("test stack ready in {} ms", (System.nanoTime() - t0) / 1_000_000);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAll(started, scratch), "test-stack-shutdown"));
        return new RunningStack(new BackendEndpoints(kafka, mongo, s3), embedded);
    }

    private static <T> T chosen(String backend, String kind, T endpoint) {
        log.info("test stack: {} from {}: {}", backend, kind, endpoint);
        return endpoint;
    }

    private static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            log.debug("no Docker engine: {}", e.toString());
            return false;
        }
    }

    private static String embeddedKafka(Path scratch, List<AutoCloseable> started,
                                        Map<TestStack.Backend, RestartableBackend> embedded) {
        long t0 = System.nanoTime();
        EmbeddedKafka kafka = EmbeddedKafka.start(scratch.resolve("kafka"), 0);
        started.add(kafka);
        embedded.put(TestStack.Backend.KAFKA, kafka);
        return chosen("Kafka", "embedded KRaft broker (" + millisSince(t0) + " ms)", kafka.bootstrapServers());
    }

    private static String embeddedMongo(List<AutoCloseable> started,
                                        Map<TestStack.Backend, RestartableBackend> embedded) {
        long t0 = System.nanoTime();
        EmbeddedMongo mongo = EmbeddedMongo.inMemory();
        started.add(mongo);
        embedded.put(TestStack.Backend.MONGODB, mongo);
        return chosen("MongoDB", "embedded mongo-java-server (" + millisSince(t0) + " ms)", mongo.uri());
    }

    private static S3Endpoint embeddedS3(Path scratch, List<AutoCloseable> started,
                                         Map<TestStack.Backend, RestartableBackend> embedded) {
        long t0 = System.nanoTime();
        EmbeddedS3 s3 = EmbeddedS3.start(scratch.resolve("s3"), 0, "test-access", "test-secret-key");
        started.add(s3);
        embedded.put(TestStack.Backend.S3, s3);
        return chosen("S3", "embedded S3Proxy (" + millisSince(t0) + " ms)", s3.endpoint());
    }

    private static String kafkaContainer(List<AutoCloseable> started) {
        long t0 = System.nanoTime();
        KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE);
        kafka.start();
        started.add(kafka::stop);
        return chosen("Kafka", "container " + KAFKA_IMAGE + " (" + millisSince(t0) + " ms)", kafka.getBootstrapServers());
    }

    private static String mongoContainer(List<AutoCloseable> started) {
        long t0 = System.nanoTime();
        MongoDBContainer mongo = new MongoDBContainer(MONGO_IMAGE);
        mongo.start();
        started.add(mongo::stop);
        return chosen("MongoDB", "container " + MONGO_IMAGE + " (" + millisSince(t0) + " ms)", mongo.getConnectionString());
    }

    private static S3Endpoint minioContainer(List<AutoCloseable> started) {
        long t0 = System.nanoTime();
        MinIOContainer minio = new MinIOContainer(MINIO_IMAGE);
        minio.start();
        started.add(minio::stop);
        S3Endpoint endpoint = new S3Endpoint(minio.getS3URL(), minio.getUserName(), minio.getPassword(), "us-east-1");
        return chosen("S3", "container " + MINIO_IMAGE + " (" + millisSince(t0) + " ms)", endpoint);
    }

    private static S3Endpoint environmentS3(StackEnvironment env, String url) {
        S3Endpoint endpoint = new S3Endpoint(url,
                env.get(StackEnvironment.S3_ACCESS_KEY).orElseThrow(() -> missing(StackEnvironment.S3_ACCESS_KEY)),
                env.get(StackEnvironment.S3_SECRET_KEY).orElseThrow(() -> missing(StackEnvironment.S3_SECRET_KEY)),
                env.get(StackEnvironment.S3_REGION).orElse("us-east-1"));
        return chosen("S3", "environment", endpoint);
    }

    private static IllegalStateException missing(String variable) {
        return new IllegalStateException(StackEnvironment.S3_ENDPOINT + " is set, so " + variable + " must be too");
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static Path scratchDirectory() {
        try {
            return Files.createTempDirectory("mail-test-stack-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void stopAll(List<AutoCloseable> started, Path scratch) {
        for (AutoCloseable backend : started.reversed()) {
            try {
                backend.close();
            } catch (Exception e) {
                log.warn("stopping {} failed: {}", backend, e.toString());
            }
        }
        try (Stream<Path> files = Files.walk(scratch)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.debug("cannot remove {}: {}", scratch, e.toString());
        }
    }
}
