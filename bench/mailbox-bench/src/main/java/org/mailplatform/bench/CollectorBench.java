package org.mailplatform.bench;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.minio.MinioClient;
import org.mailplatform.blob.BlobStoreFactory;
import org.mailplatform.blob.S3BlobStore;
import org.mailplatform.blob.S3Properties;
import org.mailplatform.embedded.BackendEndpoints;
import org.mailplatform.embedded.EmbeddedBackends;
import org.mailplatform.mailbox.gc.BlobGarbageCollector;
import org.mailplatform.mailbox.gc.GcProperties;
import org.mailplatform.model.Principal;
import org.mailplatform.store.AppendRequest;
import org.mailplatform.store.MessageRange;
import org.mailplatform.store.QuotaPolicy;
import org.mailplatform.store.config.MailboxStoreProperties;
import org.mailplatform.store.mongo.MongoMailboxStore;
import org.mailplatform.store.mongo.StoreMaintenance;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * What one hourly run of mailbox-service's blob GC costs as the stored mail grows, with a fixed
 * number of messages expunged since the last run: a run that walks every key (what every hourly
 * run did before ADR 0209, and what the weekly walk does now) against a run that reads only the
 * releases. Usage: {@code CollectorBench [stored messages] [expunged per run]}; results go to stdout.
 */
public final class CollectorBench {

    private static final String MESSAGE = "From: a@example.com\r\nTo: b@example.org\r\nSubject: gc\r\n"
            + "Message-ID: <%s@example.com>\r\n\r\n" + "x".repeat(4000) + "\r\n";
    private static final int USERS = 10;

    private CollectorBench() {
    }

    public static void main(String[] args) throws Exception {
        int stored = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int expunged = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        Path dir = org.mailplatform.bench.support.ScratchDirectory.create("collector-bench");
        try (EmbeddedBackends backends = EmbeddedBackends.startPersistent(dir)) {
            BackendEndpoints e = backends.endpoints();
            S3Properties s3 = new S3Properties(e.s3().url(), e.s3().accessKey(), e.s3().secretKey(), e.s3().region(),
                    "bench", true, 5 * 1024 * 1024, Duration.ofSeconds(5), Duration.ofSeconds(60), 3, 50,
                    Duration.ofSeconds(10));
            try (MinioClient minio = BlobStoreFactory.client(s3); MongoClient mongo = MongoClients.create(e.mongoUri())) {
                S3BlobStore blobs = BlobStoreFactory.store(minio, s3, CircuitBreaker.ofDefaults("s3"),
                        Retry.ofDefaults("s3"));
                blobs.ensureBucket();
                MongoTemplate template = new MongoTemplate(mongo, "bench");
                MongoMailboxStore store = new MongoMailboxStore(template, blobs, change -> { },
                        new SimpleMeterRegistry(), MailboxStoreProperties.defaults(), p -> new QuotaPolicy.Limits(0, 0));
                StoreMaintenance maintenance = new StoreMaintenance(template);
                List<Principal> users = new ArrayList<>();
                for (int u = 0; u < USERS; u++) {
                    Principal p = new Principal("bench", "user-" + u, "user" + u + "@example.com");
                    store.ensureDefaultMailboxes(p);
                    users.add(p);
                }
                long fill = System.nanoTime();
                appendAll(store, users, stored);
                System.out.printf("stored %d messages of 4 KB for %d users in %.0f s; load %s%n", stored, USERS,
                        (System.nanoTime() - fill) / 1e9, load());

                // the first run walks (no checkpoint yet), as every hourly run did before ADR 0209
                expunge(store, users, expunged);
                SimpleMeterRegistry walking = new SimpleMeterRegistry();
                timed("run that walks every key", new BlobGarbageCollector(blobs, maintenance,
                        properties(Duration.ofDays(7)), Clock.systemUTC(), walking), walking);
                // the next hour: only what was released since
                expunge(store, users, expunged);
                SimpleMeterRegistry releases = new SimpleMeterRegistry();
                timed("run that reads the releases", new BlobGarbageCollector(blobs, maintenance,
                        properties(Duration.ofDays(7)), Clock.systemUTC(), releases), releases);
            }
        }
    }

    private static GcProperties properties(Duration fullWalkInterval) {
        return new GcProperties(true, Duration.ofHours(1), Duration.ZERO, fullWalkInterval, 1000, List.of("inbound"), 0);
    }

    private static void timed(String what, BlobGarbageCollector gc, SimpleMeterRegistry meters) {
        long start = System.nanoTime();
        int deleted = gc.run();
        double ms = (System.nanoTime() - start) / 1e6;
        System.out.printf("%s: %.0f ms, keys examined: %.0f walked + %.0f released, %d blobs deleted; load %s%n", what,
                ms, meters.get("mail.gc.examined").tag("source", "walk").counter().count(),
                meters.get("mail.gc.examined").tag("source", "released").counter().count(), deleted, load());
    }

    /** Expunges {@code count} messages, spread over the users, lowest UIDs first. */
    private static void expunge(MongoMailboxStore store, List<Principal> users, int count) {
        for (int i = 0; i < count; i++) {
            Principal p = users.get(i % users.size());
            long uid = store.fetch(p, "INBOX", MessageRange.all()).getFirst().uid();
            store.remove(p, "INBOX", MessageRange.uid(uid));
        }
    }

    private static void appendAll(MongoMailboxStore store, List<Principal> users, int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Principal p = users.get(i % users.size());
            futures.add(pool.submit(() -> store.append(p, "INBOX", AppendRequest.of(new ByteArrayInputStream(
                    MESSAGE.formatted(UUID.randomUUID()).getBytes(StandardCharsets.US_ASCII))))));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException | RuntimeException e) {
            return "?";
        }
    }
}
