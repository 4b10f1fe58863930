package org.mailplatform.pop3;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.awaitility.Awaitility;
import org.mailplatform.blob.BlobKey;
import org.mailplatform.blob.BlobStore;
import org.mailplatform.model.Principal;
import org.mailplatform.pop3.support.KafkaTopics;
import org.mailplatform.pop3.support.TestCertificate;
import org.mailplatform.pop3.support.TestDirectory;
import org.mailplatform.pop3.support.Users;
import org.mailplatform.store.MailboxName;
import org.mailplatform.store.MailboxStore;
import org.mailplatform.store.MessageContent;
import org.mailplatform.store.MessageRange;
import org.mailplatform.store.mongo.MongoMailboxStore;
import org.mailplatform.teststack.StackProperties;
import org.mailplatform.teststack.TestStack;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts pop3-service against the test stack for trying it by hand: POP3 on 2110 (STLS) and 2995,
 * user {@code demo@example.org} with password {@code s3cret pass} and three messages. System
 * properties {@code pop3.demo.messages} and {@code pop3.demo.size} (bytes per message) change the
 * maildrop, e.g. for bench/pop3; {@code pop3.demo.warmup-user=true} gives {@code warmup@example.org}
 * (same password) messages of the same size, {@code pop3.demo.warmup-messages} of them (default: as many),
 * and {@code pop3.demo.warmup-users=K} as many more such users, {@code warmup2@example.org} to {@code warmupK@};
 * {@code pop3.demo.more-users=K} gives {@code demo2@example.org} to {@code demo<K+1>@example.org} (same
 * password) the same maildrop as demo's, so a benchmark can measure several first downloads.
 * <pre>python3 -c "import poplib; p=poplib.POP3('127.0.0.1',2110); p.user('demo@example.org'); p.pass_('s3cret pass'); print(p.list())"</pre>
 */
public final class TestPop3ServiceApplication {

    private TestPop3ServiceApplication() {
    }

    public static void main(String[] args) {
        Map<String, Object> props = new LinkedHashMap<>(StackProperties.of(TestStack.endpoints()));
        KafkaTopics.ensure(TestStack.endpoints().kafkaBootstrapServers());
        props.put("mail.pop3.port", 2110);
        props.put("mail.pop3.pop3s-port", 2995);
        props.put("mail.tls.certificate", TestCertificate.certificatePath());
        props.put("mail.tls.private-key", TestCertificate.privateKeyPath());
        TestDirectory directory = new TestDirectory();
        // as command-line arguments, so they win over pop3-service.yml; the caller's own arguments last
        List<String> arguments = new ArrayList<>();
        props.forEach((k, v) -> arguments.add("--" + k + "=" + v));
        arguments.addAll(List.of(args));
        ConfigurableApplicationContext context = Pop3ServiceApplication.builder()
                .initializers(ctx -> ctx.getBeanFactory().registerSingleton("testDirectory", directory))
                .run(arguments.toArray(String[]::new));
        MailboxStore store = context.getBean(MailboxStore.class);
        Principal demo = new Principal("demo", "demo", "demo@example.org");
        directory.register(demo, Users.PASSWORD);
        store.ensureDefaultMailboxes(demo);
        Users users = new Users(directory, store);
        int messages = Integer.getInteger("pop3.demo.messages", 3);
        int size = Integer.getInteger("pop3.demo.size", 0);
        for (int i = 1; i <= messages; i++) {
            users.append(demo, message(i, size));
        }
        sameMaildrop(directory, store, users, "demo", 2, 1 + Integer.getInteger("pop3.demo.more-users", 0), messages, size);
        if (Boolean.getBoolean("pop3.demo.warmup-user")) {
            // maildrops for warmup@example.org (warmup2@ ...), which a benchmark retrieves first, so
            // the measured first downloads run on compiled code, not in the interpreter
            sameMaildrop(directory, store, users, "warmup", 1, Integer.getInteger("pop3.demo.warmup-users", 1),
                    Integer.getInteger("pop3.demo.warmup-messages", messages), size);
        }
        if (store instanceof MongoMailboxStore mongoStore) {
            // the copies for the shared body cache are written behind the appends
            Awaitility.await().atMost(Duration.ofMinutes(2)).until(mongoStore::sharedBodiesWritten);
        }
        if (Boolean.getBoolean("pop3.demo.raw-gets")) {
            rawGets(store, context.getBean(BlobStore.class), demo);
        }
        System.out.println("pop3 demo ready: " + messages + " messages");
    }

    /** Users {@code <name><from>} to {@code <name><to>} (the first one is plain {@code <name>}), each with the same messages. */
    private static void sameMaildrop(TestDirectory directory, MailboxStore store, Users users, String name, int from,
                                     int to, int messages, int size) {
        for (int u = from; u <= to; u++) {
            String local = u == 1 ? name : name + u;
            Principal p = new Principal("demo", local, local + "@example.org");
            directory.register(p, Users.PASSWORD);
            store.ensureDefaultMailboxes(p);
            for (int i = 1; i <= messages; i++) {
                users.append(p, message(i, size));
            }
        }
    }

    /**
     * For bench/pop3: how fast the object store alone serves the maildrop's messages (one GET each,
     * no POP3), one at a time and 16 in parallel; the ceiling of a retrieve-all that misses every cache.
     * Read from the blob store itself, not through the mailbox store, whose body cache would keep
     * the messages and serve the POP3 rounds after it from memory.
     */
    private static void rawGets(MailboxStore store, BlobStore blobs, Principal demo) {
        List<MessageContent> all = store.fetchContents(demo, MailboxName.INBOX, MessageRange.all());
        for (int parallel : new int[] {1, 16}) {
            long start = System.nanoTime();
            try (ExecutorService readers = Executors.newFixedThreadPool(parallel, Thread.ofVirtual().factory())) {
                for (MessageContent c : all) {
                    readers.execute(() -> {
                        try (InputStream in = blobs.open(new BlobKey(c.meta().blobKey()))) {
                            in.readAllBytes();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("raw S3 GETs through the blob store, %d at a time: %d in %.3fs: %.0f/s%n",
                    parallel, all.size(), seconds, all.size() / seconds);
        }
    }

    /** A message of about {@code size} bytes: headers, then 76-character lines. */
    static String message(int i, int size) {
        StringBuilder m = new StringBuilder("From: someone@example.org\r\nTo: demo@example.org\r\nSubject: demo " + i
                + "\r\nMessage-ID: <demo-" + i + "@example.org>\r\n\r\nHello " + i + "\r\n");
        while (m.length() + 78 <= size) {
            m.append("x".repeat(76)).append("\r\n");
        }
        return m.toString();
    }
}
