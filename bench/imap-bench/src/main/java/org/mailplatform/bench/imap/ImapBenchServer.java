package org.mailplatform.bench.imap;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.mailplatform.directory.client.Directory;
import org.mailplatform.embedded.BackendEndpoints;
import org.mailplatform.embedded.EmbeddedBackends;
import org.mailplatform.imap.ImapServiceApplication;
import org.mailplatform.model.Principal;
import org.mailplatform.model.Topics;
import org.mailplatform.store.AppendRequest;
import org.mailplatform.store.MailboxStore;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The system under test of the IMAP benchmarks: imap-service on the embedded stack that
 * {@code standalone} runs (Kafka KRaft, mongo-java-server with its H2 file, S3Proxy on the file
 * system), in one JVM, with {@link BenchDirectory} as its directory. The INBOX of
 * {@code bench@bench.test} gets the {@link BenchMessages} (only those missing: a data directory is
 * seeded once and reused by later runs).
 *
 * <p>Arguments: {@code dataDir port messages size [maxConnectionsPerUser]} (default 100). Prints {@code imap-bench ready} with the pid
 * when it listens, then runs until killed.
 */
public final class ImapBenchServer {

    private ImapBenchServer() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        int messages = Integer.parseInt(args[2]);
        int size = Integer.parseInt(args[3]);
        int perUser = args.length > 4 ? Integer.parseInt(args[4]) : 100;

        EmbeddedBackends backends = EmbeddedBackends.startPersistent(dataDir);
        BackendEndpoints endpoints = backends.endpoints();
        createChangeTopic(endpoints.kafkaBootstrapServers());
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("server.address", "127.0.0.1");
        p.put("server.port", 0);
        p.put("spring.kafka.bootstrap-servers", endpoints.kafkaBootstrapServers());
        p.put("spring.mongodb.uri", endpoints.mongoUri() + "/mail_unused");
        p.put("mail.s3.endpoint", endpoints.s3().url());
        p.put("mail.s3.access-key", endpoints.s3().accessKey());
        p.put("mail.s3.secret-key", endpoints.s3().secretKey());
        p.put("mail.s3.region", endpoints.s3().region());
        p.put("mail.directory.base-url", "http://127.0.0.1:9");
        p.put("mail.imap.bind-address", "127.0.0.1");
        p.put("mail.imap.port", port);
        p.put("mail.imap.imaps-port", -1);
        // all load comes from one address; the 10,000-session IDLE run needs room per node and
        // address (and per user, when all its sessions share the seeded INBOX); 50 sessions of the
        // mix share one user. Dovecot's side lifts its mail_max_userip_connections the same way.
        p.put("mail.imap.max-connections", 12000);
        p.put("mail.imap.max-connections-per-address", 12000);
        p.put("mail.imap.max-connections-per-user", perUser);
        // a benchmark session sends hundreds of commands a minute; Dovecot has no such limit
        p.put("mail.imap.commands-per-minute", 1_000_000);
        List<String> arguments = new ArrayList<>();
        p.forEach((k, v) -> arguments.add("--" + k + "=" + v));
        ConfigurableApplicationContext imap = ImapServiceApplication.builder()
                .initializers(ctx -> ctx.getBeanFactory().registerSingleton("benchDirectory", new BenchDirectory()))
                .run(arguments.toArray(String[]::new));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            imap.close();
            backends.close();
        }));
        seed(imap.getBean(MailboxStore.class), messages, size);
        System.out.println("imap-bench ready: imap 127.0.0.1:" + port + ", " + messages + " messages of " + size
                + " bytes in bench@bench.test's INBOX, pid " + ProcessHandle.current().pid());
    }

    /** Appends the messages the INBOX lacks, four at a time (UID order does not matter to the load). */
    private static void seed(MailboxStore store, int messages, int size) {
        Principal bench = BenchDirectory.principal("bench" + BenchDirectory.DOMAIN);
        store.ensureDefaultMailboxes(bench);
        int present = store.uids(bench, "INBOX").size();
        if (present >= messages) {
            return;
        }
        long start = System.nanoTime();
        try (ExecutorService appenders = Executors.newFixedThreadPool(4, Thread.ofVirtual().factory())) {
            for (int i = present + 1; i <= messages; i++) {
                byte[] bytes = BenchMessages.message(i, size).getBytes(StandardCharsets.UTF_8);
                appenders.execute(() -> store.append(bench, "INBOX",
                        new AppendRequest(new ByteArrayInputStream(bytes), Set.of(), null, null)));
            }
        }
        System.out.printf("seeded %d messages in %.1f s%n", messages - present, (System.nanoTime() - start) / 1e9);
    }

    private static void createChangeTopic(String bootstrapServers) throws InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            if (!admin.listTopics().names().get().contains(Topics.MAILBOX_CHANGES)) {
                admin.createTopics(List.of(new NewTopic(Topics.MAILBOX_CHANGES, 2, (short) 1))).all().get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create " + Topics.MAILBOX_CHANGES, e.getCause());
        }
    }
}
