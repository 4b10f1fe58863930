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
 * embedded stack. Usage: {@code StoreBench [messages] [threads]}; results go to stdout.
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
        Path dir = Files.createTempDirectory("store-bench");
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
                MongoMailboxStore store = new MongoMailboxStore(new MongoTemplate(mongo, "bench"), blobs,
                        changes, new SimpleMeterRegistry(), MailboxStoreProperties.defaults(),
                        principal -> new org.mailplatform.store.QuotaPolicy.Limits(0, 0));
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

                double storeAppend = run(threads, messages, i -> store.append(user, "INBOX", request()));
                double rawAppendRate = run(threads, messages, i -> rawAppend(minio, raw, template, i));
                int pages = messages / 50;
                double storeFetch = run(threads, pages, i -> store.fetch(user, "INBOX",
                        MessageRange.uids(UidSet.range(i * 50L + 1, i * 50L + 50)))) * 50;
                double rawFetch = run(threads, pages, i -> raw.find(Filters.and(Filters.eq("mailboxId", "m"),
                        Filters.gte("uid", i * 50L), Filters.lt("uid", i * 50L + 50))).sort(Sorts.ascending("uid"))
                        .into(new ArrayList<>())) * 50;

                System.out.printf("messages=%d threads=%d%n", messages, threads);
                System.out.printf("append: store %.0f msg/s, raw %.0f msg/s, store/raw = %.2f%n", storeAppend,
                        rawAppendRate, storeAppend / rawAppendRate);
                System.out.printf("fetch:  store %.0f msg/s, raw %.0f msg/s, store/raw = %.2f%n", storeFetch, rawFetch,
                        storeFetch / rawFetch);
                changes.close();
            }
        }
    }

    private static AppendRequest request() {
        return AppendRequest.of(new ByteArrayInputStream(
                MESSAGE.formatted(UUID.randomUUID()).getBytes(StandardCharsets.US_ASCII)));
    }

    /** The minimum an append needs: the bytes to S3, one document like the store's to MongoDB. */
    private static void rawAppend(MinioClient minio, MongoCollection<Document> raw, Document template, int i)
            throws Exception {
        byte[] bytes = MESSAGE.formatted(UUID.randomUUID()).getBytes(StandardCharsets.US_ASCII);
        BlobKey key = BlobKey.newFor("raw", Instant.now());
        minio.putObject(PutObjectArgs.builder().bucket("bench").object(key.value())
                .stream(new ByteArrayInputStream(bytes), (long) bytes.length, -1L).build());
        Document doc = new Document(template);
        doc.remove("_id");
        doc.append("mailboxId", "m").append("uid", (long) i).append("modSeq", (long) i).append("blobKey", key.value());
        raw.insertOne(doc);
    }

    private interface Task {
        void run(int i) throws Exception;
    }

    /** Runs {@code count} tasks on {@code threads} threads; returns tasks per second. */
    private static double run(int threads, int count, Task task) throws Exception {
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
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return count / seconds;
    }
}
