package org.mailplatform.embedded;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Kafka, MongoDB-wire and S3 servers started together in this JVM, with their data under one
 * directory: {@code kafka/}, {@code mongo/mail.mv} and {@code s3/}. This is what {@code standalone}
 * runs on a laptop without Docker; a restart on the same directory keeps every message.
 */
public final class EmbeddedBackends implements AutoCloseable {

    private final EmbeddedKafka kafka;
    private final EmbeddedMongo mongo;
    private final EmbeddedS3 s3;

    private EmbeddedBackends(EmbeddedKafka kafka, EmbeddedMongo mongo, EmbeddedS3 s3) {
        this.kafka = kafka;
        this.mongo = mongo;
        this.s3 = s3;
    }

    /**
     * Starts the three servers in parallel on free loopback ports, keeping data under {@code dataDir}.
     * The S3 credentials are random for each start: only this JVM talks to the store.
     */
    public static EmbeddedBackends startPersistent(Path dataDir) {
        String accessKey = "mailplatform";
        String secretKey = randomSecret();
        CompletableFuture<EmbeddedKafka> kafka = CompletableFuture.supplyAsync(
                withOurClassLoader(() -> EmbeddedKafka.start(dataDir.resolve("kafka"), 0)));
        CompletableFuture<EmbeddedMongo> mongo = CompletableFuture.supplyAsync(
                withOurClassLoader(() -> EmbeddedMongo.persistent(dataDir.resolve("mongo").resolve("mail.mv"), 0)));
        CompletableFuture<EmbeddedS3> s3 = CompletableFuture.supplyAsync(
                withOurClassLoader(() -> EmbeddedS3.start(dataDir.resolve("s3"), 0, accessKey, secretKey)));
        try {
            return new EmbeddedBackends(kafka.join(), mongo.join(), s3.join());
        } catch (CompletionException e) {
            kafka.thenAccept(EmbeddedKafka::close);
            mongo.thenAccept(EmbeddedMongo::close);
            s3.thenAccept(EmbeddedS3::close);
            throw e;
        }
    }

    /**
     * Kafka loads configured classes through the thread's context class loader; pool threads carry
     * the system loader, which cannot see classes nested in a Spring Boot executable jar.
     */
    private static <T> Supplier<T> withOurClassLoader(Supplier<T> task) {
        ClassLoader ours = EmbeddedBackends.class.getClassLoader();
        return () -> {
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(ours);
            try {
                return task.get();
            } finally {
                thread.setContextClassLoader(previous);
            }
        };
    }

    /** The MongoDB server (its commit count, for tests and benchmarks). */
    public EmbeddedMongo mongo() {
        return mongo;
    }

    public BackendEndpoints endpoints() {
        return new BackendEndpoints(kafka.bootstrapServers(), mongo.uri(), s3.endpoint());
    }

    /** Stops the servers; the protocol services must be stopped first so nothing is in flight. */
    @Override
    public void close() {
        s3.close();
        kafka.close();
        mongo.close();
    }

    private static String randomSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
