package org.mailplatform.bench.delivery;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.micrometer.core.instrument.MeterRegistry;
import io.minio.MinioClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.mailplatform.blob.BlobKey;
import org.mailplatform.blob.BlobStoreFactory;
import org.mailplatform.blob.S3BlobStore;
import org.mailplatform.blob.S3Properties;
import org.mailplatform.delivery.DeliveryServiceApplication;
import org.mailplatform.delivery.queue.QueueJson;
import org.mailplatform.embedded.BackendEndpoints;
import org.mailplatform.embedded.EmbeddedBackends;
import org.mailplatform.model.InboundMessage;
import org.mailplatform.model.Principal;
import org.mailplatform.model.Topics;
import org.mailplatform.store.MailboxStore;
import org.mailplatform.store.MessageRange;
import org.mailplatform.store.QuotaPolicy;
import org.mailplatform.store.config.MailboxStoreProperties;
import org.mailplatform.store.mongo.MongoMailboxStore;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Deliveries per second from a pre-filled {@code mail.inbound} to messages visible in the
 * recipients' INBOX, with one or more delivery-service instances (Spring contexts in this JVM,
 * each with its own instance id, sharing the consumer groups) on the embedded stack. The clock
 * starts when every instance has started and stops when the last message is delivered (appended
 * and visible); the whole run is checked by counting the INBOX messages.
 *
 * <p>Usage: {@code DeliveryBench [messages] [instances] [users] [partitions] [--spring.property=value ...]}
 * (the properties go to every instance, e.g. {@code --mail.delivery.stage.max-poll-records=500});
 * results go to stdout. The users' mailboxes exist before the clock starts, as on a platform in
 * service; {@code -Dbench.newUsers=true} leaves them to be created by each user's first delivery
 * (six mailbox inserts per user), inside the measured window. Besides the whole window, the rate
 * and CPU after the first {@code -Dbench.warmup} deliveries (default a fifth) are printed: the
 * part without the JIT compiling the hot paths, but mostly of the local stage alone (the router runs
 * ahead and has usually routed every record before that part begins; the run prints how many).
 * {@code -Dbench.warmupPass=N} first delivers N messages with instances it then closes, so that the
 * whole measured window (router and local stage together) runs on compiled code: the figure to
 * compare with smtp-bench's intake, measured after its warm-up.
 */
public final class DeliveryBench {

    private static final String BUCKET = "bench-blobs";
    /**
     * Whether the records carry the message's bytes, as smtp-ingress writes them for a message of at
     * most {@code limits.inline-body-max} (16 KB by default); {@code -Dbench.inline=false}: as before.
     */
    private static final boolean INLINE = Boolean.parseBoolean(System.getProperty("bench.inline", "true"));
    private static final String DATABASE = "bench_mailbox";

    private DeliveryBench() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int instances = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int users = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        int partitions = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        List<String> extra = args.length > 4 ? List.of(args).subList(4, args.length) : List.of();
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        Path dir = org.mailplatform.bench.support.ScratchDirectory.create("delivery-bench");
        try (EmbeddedBackends backends = EmbeddedBackends.startPersistent(dir)) {
            BackendEndpoints e = backends.endpoints();
            createTopics(e.kafkaBootstrapServers(), partitions);
            boolean newUsers = Boolean.getBoolean("bench.newUsers");
            if (!newUsers) {
                provision(e, users);
            }
            int warmupPass = Integer.getInteger("bench.warmupPass", 0);
            if (warmupPass > 0) {
                warmUp(e, warmupPass, instances, users, extra);
            }
            prefill(e, messages, users);
            System.out.printf("pre-filled %d messages for %d users on %d partitions; users' mailboxes %s%n", messages,
                    users, partitions, newUsers ? "created by their first delivery" : "created before the clock");

            long started = System.nanoTime();
            List<ConfigurableApplicationContext> contexts = start(e, instances, extra);
            long ready = System.nanoTime();
            long cpuAtReady = processCpuNanos();
            long commitsAtReady = backends.mongo().commits();
            long atReady = delivered(contexts);
            long last = atReady;
            // the JVM compiles the hot paths during the first deliveries, and that CPU counts in the
            // window; the warm part (after the first `warmup` deliveries) is what a node in service does
            int warmup = Integer.getInteger("bench.warmup", messages / 5);
            long warmAt = 0;
            long warmCount = 0;
            long warmCpu = 0;
            long routedAtWarm = 0;
            while (last < messages) {
                Thread.sleep(20);
                last = delivered(contexts);
                if (warmAt == 0 && last >= warmup && last < messages) {
                    warmAt = System.nanoTime();
                    warmCount = last;
                    warmCpu = processCpuNanos();
                    routedAtWarm = routed(contexts);
                }
            }
            long done = System.nanoTime();
            long cpuAtDone = processCpuNanos();
            long commits = backends.mongo().commits() - commitsAtReady;
            long cpu = cpuAtDone - cpuAtReady;
            long visible = countVisible(contexts.getFirst().getBean(MailboxStore.class), users) - warmupPass;
            double window = (done - ready) / 1e9;
            System.out.printf("instances=%d messages=%d delivered-before-clock=%d visible=%d%n", instances, messages,
                    atReady, visible);
            // wall-clock bounds of the measured window, to cut a profile (JFR) down to it
            System.out.printf("window: %s to %s (UTC)%n", Instant.now().minusNanos(System.nanoTime() - ready),
                    Instant.now().minusNanos(System.nanoTime() - done));
            System.out.printf("start of instances: %.1f s; delivery after start: %.1f s -> %.1f deliveries/s "
                    + "(whole run incl. start %.1f/s)%n", (ready - started) / 1e9, window,
                    (messages - atReady) / window, messages / ((done - started) / 1e9));
            // CPU of the whole JVM (stages, and the embedded Kafka, MongoDB and S3 they use) per delivery:
            // less at the mercy of other processes on a shared machine than the rate
            System.out.printf("process CPU in the window: %.1f s = %.1f ms per delivery (%.2f cores busy)%n",
                    cpu / 1e9, cpu / 1e6 / Math.max(1, messages - atReady), cpu / 1e9 / window);
            // each commit of the embedded MongoDB's file rewrites the pages its writes touched
            System.out.printf("MongoDB file commits in the window: %d = %.2f per delivery%n", commits,
                    commits / (double) Math.max(1, messages - atReady));
            if (warmAt != 0) {
                double warmWindow = (done - warmAt) / 1e9;
                long warmDelivered = messages - warmCount;
                System.out.printf("warm (after the first %d deliveries): %d in %.1f s -> %.1f deliveries/s, "
                        + "%.1f ms CPU per delivery (%.2f cores busy)%n", warmCount, warmDelivered, warmWindow,
                        warmDelivered / warmWindow, (cpuAtDone - warmCpu) / 1e6 / warmDelivered,
                        (cpuAtDone - warmCpu) / 1e9 / warmWindow);
                // the router runs ahead of the local stage: what it had left to route is the share of
                // its work inside the warm window (all of it when every record is routed in the window)
                System.out.printf("routed when the warm window began: %d of %d records%n", routedAtWarm, messages);
            }
            printCommands(contexts, messages);
            contexts.forEach(ConfigurableApplicationContext::close);
            if (visible != messages) {
                throw new IllegalStateException("expected " + messages + " visible messages, found " + visible);
            }
        }
        System.exit(0);
    }

    /**
     * MongoDB commands per delivery over the whole run (start-up included), by command and collection:
     * only with {@code -Dmanagement.metrics.mongodb.command.enabled=true}, which slows delivery (the
     * driver then builds a document of every command for the timers' events).
     */
    private static void printCommands(List<ConfigurableApplicationContext> contexts, int messages) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        for (ConfigurableApplicationContext c : contexts) {
            c.getBean(MeterRegistry.class).find("mongodb.driver.commands").timers().forEach(t -> counts.merge(
                    t.getId().getTag("command") + " " + t.getId().getTag("collection"), t.count(), Long::sum));
        }
        if (counts.isEmpty()) {
            return;
        }
        StringBuilder line = new StringBuilder("MongoDB commands per delivery:");
        counts.forEach((k, n) -> line.append(String.format(" %s=%.2f", k, (double) n / messages)));
        System.out.println(line);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void createTopics(String kafka, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka))) {
            List<NewTopic> topics = new ArrayList<>();
            for (String t : List.of(Topics.MAIL_INBOUND, Topics.MAIL_LOCAL, Topics.MAIL_OUTBOUND, Topics.MAIL_RETRY,
                    Topics.MAIL_DLQ)) {
                topics.add(new NewTopic(t, partitions, (short) 1));
            }
            topics.add(new NewTopic(Topics.MAILBOX_CHANGES, 1, (short) 1));
            admin.createTopics(topics).all().get();
        }
    }

    /** One 4 KB message per record, each with its own blob, as smtp-ingress leaves them. */
    private static void prefill(BackendEndpoints e, int messages, int users) throws Exception {
        S3Properties s3 = new S3Properties(e.s3().url(), e.s3().accessKey(), e.s3().secretKey(), e.s3().region(), BUCKET,
                true, 5 * 1024 * 1024, Duration.ofSeconds(5), Duration.ofSeconds(60), 3, 50, Duration.ofSeconds(10));
        QueueJson json = new QueueJson();
        try (MinioClient minio = BlobStoreFactory.client(s3);
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, e.kafkaBootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 5),
                     new StringSerializer(), new ByteArraySerializer());
             ExecutorService puts = Executors.newFixedThreadPool(8)) {
            S3BlobStore blobs = BlobStoreFactory.store(minio, s3, CircuitBreaker.ofDefaults("s3"), Retry.ofDefaults("s3"));
            blobs.ensureBucket();
            List<Future<?>> pending = new ArrayList<>();
            for (int i = 0; i < messages; i++) {
                int n = i;
                pending.add(puts.submit(() -> {
                    String to = "user" + (n % users) + "@" + BenchDirectory.DOMAIN;
                    byte[] content = ("From: <sender@example.org>\r\nTo: <" + to + ">\r\nSubject: bench " + n
                            + "\r\nMessage-ID: <" + UUID.randomUUID() + "@example.org>\r\n\r\n" + "x".repeat(4000) + "\r\n")
                            .getBytes(StandardCharsets.US_ASCII);
                    BlobKey key = BlobKey.newHourly("inbound", Instant.now());
                    blobs.put(key, new ByteArrayInputStream(content), content.length);
                    InboundMessage m = new InboundMessage("B" + UUID.randomUUID().toString().replace("-", ""), key.value(),
                            content.length, Instant.now(), "sender@example.org",
                            List.of(new InboundMessage.Recipient(to, List.of(), null)), new InboundMessage.Dsn(null, null),
                            "7BIT", false, new InboundMessage.Client("192.0.2.1", "client.example.org", "mx", null, null),
                            "bench", null, INLINE ? new InboundMessage.InlineContent(content) : null);
                    producer.send(new ProducerRecord<>(Topics.MAIL_INBOUND, m.id(), json.write(m)));
                    return null;
                }));
            }
            for (Future<?> f : pending) {
                f.get();
            }
            producer.flush();
        }
    }

    /** Creates every user's default mailboxes, as their first login or delivery would have. */
    private static void provision(BackendEndpoints e, int users) {
        S3Properties s3 = new S3Properties(e.s3().url(), e.s3().accessKey(), e.s3().secretKey(), e.s3().region(), BUCKET,
                true, 5 * 1024 * 1024, Duration.ofSeconds(5), Duration.ofSeconds(60), 3, 50, Duration.ofSeconds(10));
        try (MinioClient minio = BlobStoreFactory.client(s3);
             com.mongodb.client.MongoClient mongo = com.mongodb.client.MongoClients.create(e.mongoUri())) {
            MongoMailboxStore store = new MongoMailboxStore(
                    new org.springframework.data.mongodb.core.MongoTemplate(mongo, DATABASE),
                    BlobStoreFactory.store(minio, s3, CircuitBreaker.ofDefaults("s3"), Retry.ofDefaults("s3")),
                    change -> { }, new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
                    MailboxStoreProperties.defaults(), principal -> new QuotaPolicy.Limits(0, 0));
            for (int u = 0; u < users; u++) {
                store.ensureDefaultMailboxes(BenchDirectory.principal("user" + u + "@" + BenchDirectory.DOMAIN));
            }
        } catch (Exception ex) {
            throw new IllegalStateException("could not create the users' mailboxes", ex);
        }
    }

    /**
     * Delivers {@code count} messages to the same users with instances that are then closed, before
     * the measured records are written: the measured instances start in a JVM whose hot paths are
     * compiled and on backends that hold mail, as smtp-bench measures intake after its warm-up, and
     * their window holds both stages' work (in the warm part of a run without it, the router has
     * usually routed every record before that part begins).
     */
    private static void warmUp(BackendEndpoints e, int count, int instances, int users, List<String> extra)
            throws Exception {
        prefill(e, count, users);
        List<ConfigurableApplicationContext> contexts = start(e, instances, extra);
        try {
            while (delivered(contexts) < count) {
                Thread.sleep(50);
            }
        } finally {
            contexts.forEach(ConfigurableApplicationContext::close);
        }
        System.out.printf("warm-up pass: %d messages delivered by instances now closed%n", count);
    }

    /** Starts the instances at once, as a rollout of a StatefulSet would. */
    private static List<ConfigurableApplicationContext> start(BackendEndpoints e, int instances, List<String> extra)
            throws Exception {
        try (ExecutorService starter = Executors.newFixedThreadPool(instances)) {
            List<Future<ConfigurableApplicationContext>> starting = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                String id = "bench-" + i;
                List<String> args = new ArrayList<>(List.of("--server.port=0", "--mail.delivery.instance-id=" + id,
                        "--mail.delivery.hostname=mx.bench.test",
                        "--spring.kafka.bootstrap-servers=" + e.kafkaBootstrapServers(),
                        "--spring.mongodb.uri=" + e.mongoUri(), "--spring.mongodb.database=" + DATABASE,
                        "--mail.s3.endpoint=" + e.s3().url(),
                        "--mail.s3.access-key=" + e.s3().accessKey(), "--mail.s3.secret-key=" + e.s3().secretKey(),
                        "--mail.s3.region=" + e.s3().region(), "--mail.s3.bucket=" + BUCKET));
                args.addAll(extra);
                starting.add(starter.submit(() -> DeliveryServiceApplication.builder().sources(BenchDirectory.class)
                        .run(args.toArray(String[]::new))));
            }
            List<ConfigurableApplicationContext> contexts = new ArrayList<>();
            for (Future<ConfigurableApplicationContext> f : starting) {
                contexts.add(f.get());
            }
            return contexts;
        }
    }

    /** Records the router has written to {@code mail.local} or {@code mail.outbound}, over all instances. */
    private static long routed(List<ConfigurableApplicationContext> contexts) {
        double n = 0;
        for (ConfigurableApplicationContext c : contexts) {
            n += c.getBean(MeterRegistry.class).find("mail.delivery.routed").counters().stream()
                    .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
        }
        return (long) n;
    }

    private static long delivered(List<ConfigurableApplicationContext> contexts) {
        long n = 0;
        for (ConfigurableApplicationContext c : contexts) {
            var counter = c.getBean(MeterRegistry.class).find("mail.delivery.local").tag("outcome", "delivered").counter();
            n += counter == null ? 0 : (long) counter.count();
        }
        return n;
    }

    private static long countVisible(MailboxStore store, int users) {
        long n = 0;
        for (int u = 0; u < users; u++) {
            Principal p = BenchDirectory.principal("user" + u + "@" + BenchDirectory.DOMAIN);
            if (store.find(p, "INBOX").isPresent()) {
                n += store.fetch(p, "INBOX", MessageRange.all()).size();
            }
        }
        return n;
    }
}
