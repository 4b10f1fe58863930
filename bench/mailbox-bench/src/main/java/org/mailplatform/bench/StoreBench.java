package org.mailplatform.bench;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import org.bson.Document;
import org.mailplatform.blob.BlobKey;
import org.mailplatform.blob.BlobStoreFactory;
import org.mailplatform.blob.S3BlobStore;
import org.mailplatform.blob.S3Properties;
import org.mailplatform.embedded.BackendEndpoints;
import org.mailplatform.embedded.EmbeddedBackends;
import org.mailplatform.model.Principal;
import org.mailplatform.store.AppendRequest;
import org.mailplatform.store.MessageRange;
import org.mailplatform.store.UidSet;
import org.mailplatform.store.config.MailboxStoreProperties;
import org.mailplatform.store.events.KafkaChangePublisher;
import org.mailplatform.store.mongo.MongoMailboxStore;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Append and metadata-fetch rates of the mailbox store against the raw clients doing the minimum
 * (one S3 put plus one MongoDB insert of the same document per message; one MongoDB range query
 * per page, over the same documents), on the
 * embedded stack. Usage: {@code StoreBench [messages] [threads] [rounds]}; results go to stdout.
 */
public final class StoreBench {

    private static final String MESSAGE = "From: Alice <alice@example.com>\r\nTo: bob@example.org\r\n"
            + "Subject: benchmark message\r\nMessage-ID: <%s@example.com>\r\nContent-Type: text/plain\r\n\r\n"
            + "x".repeat(4000) + "\r\n";

    private StoreBench() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Path dir = org.mailplatform.bench.support.ScratchDirectory.create("store-bench");
        try (EmbeddedBackends backends = EmbeddedBackends.startPersistent(dir)) {
            BackendEndpoints e = backends.endpoints();
            S3Properties s3 = new S3Properties(e.s3().url(), e.s3().accessKey(), e.s3().secretKey(), e.s3().region(),
                    "bench", true, 5 * 1024 * 1024, Duration.ofSeconds(5), Duration.ofSeconds(60), 3, 50,
                    Duration.ofSeconds(10));
            try (MinioClient minio = BlobStoreFactory.client(s3); MongoClient mongo = MongoClients.create(e.mongoUri())) {
                S3BlobStore blobs = BlobStoreFactory.store(minio, s3, CircuitBreaker.ofDefaults("s3"),
                        Retry.ofDefaults("s3"));
                blobs.ensureBucket();
                try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                        java.util.Map.of("bootstrap.servers", e.kafkaBootstrapServers()))) {
                    admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(
                            org.mailplatform.model.Topics.MAILBOX_CHANGES, 1, (short) 1))).all().get();
                }
                KafkaChangePublisher changes = KafkaChangePublisher.create(e.kafkaBootstrapServers(),
                        new SimpleMeterRegistry());
                SimpleMeterRegistry storeMeters = new SimpleMeterRegistry();
                // -Dbench.sharedBodies=false: without the shared cache of small bodies (ADR 0211)
                MongoMailboxStore store = new MongoMailboxStore(new MongoTemplate(mongo, "bench"), blobs,
                        changes, storeMeters, MailboxStoreProperties.defaults(),
                        principal -> new org.mailplatform.store.QuotaPolicy.Limits(0, 0),
                        Boolean.parseBoolean(System.getProperty("bench.sharedBodies", "true"))
                                ? org.mailplatform.store.config.SharedBodyCacheProperties.defaults()
                                : org.mailplatform.store.config.SharedBodyCacheProperties.off());
                Principal user = new Principal("bench", "bench-user", "bench@example.com");
                store.ensureDefaultMailboxes(user);
                MongoCollection<Document> raw = mongo.getDatabase("bench").getCollection("raw");
                raw.createIndex(com.mongodb.client.model.Indexes.ascending("mailboxId", "uid"));

                // warm-up
                run(threads, 200, i -> store.append(user, "Archive", request()));
                // the raw side writes and reads the very document the store writes (summary included),
                // without parsing, allocating, checking quota or mapping
                Document template = mongo.getDatabase("bench").getCollection("messages").find().first();
                run(threads, 200, i -> rawAppend(minio, raw, template, -1 - i));

                // store and raw alternate in every round, so load from other processes on a shared
                // machine hits both sides alike; the median ratio of the rounds is the result
                List<Double> appendRatios = new ArrayList<>();
                List<Double> fetchRatios = new ArrayList<>();
                List<Double> appendCpuRatios = new ArrayList<>();
                System.out.printf("messages=%d threads=%d rounds=%d%n", messages, threads, rounds);
                for (int round = 0; round < rounds; round++) {
                    long base = (long) round * messages;
                    long cpu0 = cpuNanos();
                    // the store's time includes writing the copies of small bodies it queued
                    double storeAppend = run(threads, messages, i -> store.append(user, "INBOX", request()),
                            store::sharedBodiesWritten);
                    long cpu1 = cpuNanos();
                    double rawAppendRate = run(threads, messages, i -> rawAppend(minio, raw, template, base + i));
                    long cpu2 = cpuNanos();
                    int pages = messages / 50;
                    double storeFetch = 0;
                    double rawFetch = 0;
                    for (int repeat = 0; repeat < 3; repeat++) {
                        storeFetch += run(threads, pages, i -> store.fetch(user, "INBOX",
                                MessageRange.uids(UidSet.range(base + i * 50L + 1, base + i * 50L + 50)))) * 50 / 3;
                        rawFetch += run(threads, pages, i -> raw.find(Filters.and(Filters.eq("mailboxId", "m"),
                                Filters.gte("uid", base + i * 50L), Filters.lt("uid", base + i * 50L + 50)))
                                .sort(Sorts.ascending("uid")).into(new ArrayList<>())) * 50 / 3;
                    }
                    appendRatios.add(storeAppend / rawAppendRate);
                    fetchRatios.add(storeFetch / rawFetch);
                    double storeCpu = (cpu1 - cpu0) / 1e6 / messages;
                    double rawCpu = (cpu2 - cpu1) / 1e6 / messages;
                    appendCpuRatios.add(rawCpu / storeCpu);
                    System.out.printf("round %d: append store %.0f msg/s, raw %.0f msg/s, store/raw = %.2f "
                            + "(CPU per append, whole JVM: store %.2f ms, raw %.2f ms); "
                            + "fetch store %.0f msg/s, raw %.0f msg/s, store/raw = %.2f; load %s%n", round + 1,
                            storeAppend, rawAppendRate, storeAppend / rawAppendRate, storeCpu, rawCpu, storeFetch,
                            rawFetch, storeFetch / rawFetch, loadAverage());
                }
                System.out.printf("append: median store/raw = %.2f (by CPU per append: %.2f)%n", median(appendRatios),
                        median(appendCpuRatios));
                System.out.printf("fetch:  median store/raw = %.2f%n", median(fetchRatios));
                var batches = storeMeters.find("mail.store.append.batch").summary();
                if (batches != null) {
                    System.out.printf("append batches: %d, mean %.2f, max %.0f appends%n", batches.count(),
                            batches.mean(), batches.max());
                }
                changes.close();
            }
        }
    }

    /** CPU time of this JVM (store, clients and the embedded servers alike). */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException | RuntimeException e) {
            return "?";
        }
    }

    private static AppendRequest request() {
        return AppendRequest.of(new ByteArrayInputStream(
                MESSAGE.formatted(UUID.randomUUID()).getBytes(StandardCharsets.US_ASCII)));
    }

    /** The minimum an append needs: the bytes to S3, one document like the store's to MongoDB. */
    private static void rawAppend(MinioClient minio, MongoCollection<Document> raw, Document template, long i)
            throws Exception {
        byte[] bytes = MESSAGE.formatted(UUID.randomUUID()).getBytes(StandardCharsets.US_ASCII);
        BlobKey key = BlobKey.newFor("raw", Instant.now());
        minio.putObject(PutObjectArgs.builder().bucket("bench").object(key.value())
                .stream(new ByteArrayInputStream(bytes), (long) bytes.length, -1L).build());
        Document doc = new Document(template);
        doc.remove("_id");
        doc.append("mailboxId", "m").append("uid", i).append("modSeq", i).append("blobKey", key.value());
        raw.insertOne(doc);
    }

    private interface Task {
        void run(int i) throws Exception;
    }

    /** Runs {@code count} tasks on {@code threads} threads; returns tasks per second. */
    private static double run(int threads, int count, Task task) throws Exception {
        return run(threads, count, task, () -> true);
    }

    /** As above; the clock stops once {@code settled} also holds (work the task left behind is done). */
    private static double run(int threads, int count, Task task, java.util.function.BooleanSupplier settled)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = i;
            futures.add(pool.submit(() -> {
                task.run(n);
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        while (!settled.getAsBoolean()) {
            java.util.concurrent.locks.LockSupport.parkNanos(200_000); // a spin would take a core from the writer
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return count / seconds;
    }
}
