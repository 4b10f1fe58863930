package org.mailplatform.delivery;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.mailplatform.blob.BlobKey;
import org.mailplatform.blob.BlobStore;
import org.mailplatform.delivery.dsn.BounceSender;
import org.mailplatform.delivery.local.LocalDeliverer;
import org.mailplatform.delivery.local.OverQuotaPolicy;
import org.mailplatform.delivery.queue.QueueJson;
import org.mailplatform.delivery.retry.RetrySchedule;
import org.mailplatform.delivery.support.FakeSmtpServer;
import org.mailplatform.delivery.support.DeliveryTestBeans;
import org.mailplatform.delivery.support.InMemoryDirectory;
import org.mailplatform.delivery.support.TestAdminTokens;
import org.mailplatform.delivery.support.TestTls;
import org.mailplatform.model.InboundMessage;
import org.mailplatform.model.Principal;
import org.mailplatform.model.Topics;
import org.mailplatform.store.MailboxStore;
import org.mailplatform.store.MessageMeta;
import org.mailplatform.store.MessageRange;
import org.mailplatform.teststack.TestStack;
import org.mailplatform.teststack.WithTestStack;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole delivery service against the test stack (real Kafka with transactions, MongoDB, S3), a
 * directory in memory, and a real SMTP server on loopback that the test DNS names as the exchanger
 * of {@code remote.test}. Every test uses its own addresses, so tests share one context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=" + DeliveryServiceApplication.NAME,
        "spring.mongodb.database=delivery-flow",
        "mail.s3.bucket=delivery-flow",
        "mail.s3.create-bucket=true",
        "mail.delivery.instance-id=flow-test",
        "mail.delivery.hostname=mx.local.test",
        "mail.delivery.topics.inbound=" + DeliveryTestBase.INBOUND,
        "mail.delivery.topics.local=" + DeliveryTestBase.LOCAL,
        "mail.delivery.topics.outbound=" + DeliveryTestBase.OUTBOUND,
        "mail.delivery.topics.retry=" + DeliveryTestBase.RETRY,
        "mail.delivery.topics.dlq=" + DeliveryTestBase.DLQ,
        "mail.delivery.stage.backoff-initial=100ms",
        "mail.delivery.stage.backoff-max=500ms",
        "mail.delivery.stage.transaction-timeout=10s",
        "mail.delivery.retry.delays=1s",
        "mail.delivery.retry.max-age=1h",
        "mail.delivery.retry.scan-interval=500ms",
        "mail.delivery.dsn.delay-warning-after=30m",
        "mail.delivery.outbound.connect-timeout=2s",
        "mail.delivery.outbound.command-timeout=5s",
        "mail.srs.domain=" + DeliveryTestBase.SRS_DOMAIN,
        "mail.srs.secret=" + DeliveryTestBase.SRS_SECRET})
@WithTestStack
@Import(DeliveryTestBeans.class)
public abstract class DeliveryTestBase {

    /** SRS for forwarded mail, as auth-service would be configured alongside. */
    protected static final String SRS_DOMAIN = "srs.local.test";
    protected static final String SRS_SECRET = "delivery-tests-srs-secret-0123456789";

    protected static final String INBOUND = "flow.inbound";
    protected static final String LOCAL = "flow.local";
    protected static final String OUTBOUND = "flow.outbound";
    protected static final String RETRY = "flow.retry";
    protected static final String DLQ = "flow.dlq";

    protected static final FakeSmtpServer SMTP = startSmtp();
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @Autowired
    protected BlobStore blobs;
    @Autowired
    protected MailboxStore store;
    @Autowired
    protected InMemoryDirectory directory;
    @Autowired
    protected QueueJson json;
    @Autowired
    protected MeterRegistry meters;
    @Autowired
    protected BounceSender bounces;
    @Autowired
    protected RetrySchedule schedule;

    private static KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void topics() throws Exception {
        createTopics(List.of(INBOUND, LOCAL, OUTBOUND, RETRY, DLQ), 2);
        createTopics(List.of(Topics.MAILBOX_CHANGES), 1);
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    TestStack.endpoints().kafkaBootstrapServers()), new StringSerializer(), new ByteArraySerializer());
        }
    }

    @AfterAll
    static void flush() {
        producer.flush();
    }

    @DynamicPropertySource
    static void smtpPort(DynamicPropertyRegistry registry) {
        registry.add("mail.delivery.outbound.port", SMTP::port);
        registry.add("mail.delivery.admin.jwt.public-key", TestAdminTokens::publicKeyPem);
        registry.add("mail.delivery.admin.hidden-topic", () -> DLQ + ".hidden");
    }

    protected static void createTopics(List<String> names, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestStack.endpoints().kafkaBootstrapServers()))) {
            for (String name : names) {
                try {
                    admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
    }

    private static FakeSmtpServer startSmtp() {
        try {
            return new FakeSmtpServer(TestTls.serverContext());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A local deliverer on the context's store, blob store, bounces, retry schedule and meters, as the
     * local stage has it without Sieve filters: over quota bounces, the default reference window.
     */
    protected LocalDeliverer localDeliverer() {
        return localDeliverer(Clock.systemUTC(), LocalDeliverer.DEFAULT_REFERENCE_WINDOW, null);
    }

    /** The same with this clock, reference window and Sieve filters (null: none). */
    protected LocalDeliverer localDeliverer(Clock clock, Duration referenceWindow, LocalDeliverer.Filtering filtering) {
        return localDeliverer(store, LOCAL, RETRY, clock, referenceWindow, filtering);
    }

    /** The same appending to {@code target}, for a stage of its own on these topics. */
    protected LocalDeliverer localDeliverer(MailboxStore target, String localTopic, String retryTopic) {
        return localDeliverer(target, localTopic, retryTopic, Clock.systemUTC(), LocalDeliverer.DEFAULT_REFERENCE_WINDOW,
                null);
    }

    private LocalDeliverer localDeliverer(MailboxStore target, String localTopic, String retryTopic, Clock clock,
                                          Duration referenceWindow, LocalDeliverer.Filtering filtering) {
        return new LocalDeliverer(target, blobs, bounces, OverQuotaPolicy.BOUNCE, schedule, json, localTopic,
                retryTopic, clock, meters, referenceWindow, filtering);
    }

    /** A unique local part for this test. */
    protected static String unique(String base) {
        return base + "-" + SEQUENCE.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    protected static String content(String subject) {
        return "From: <sender@example.org>\r\nTo: <someone@local.test>\r\nSubject: " + subject
                + "\r\nMessage-ID: <" + UUID.randomUUID() + "@example.org>\r\n\r\nHello.\r\n.A line with a dot.\r\n";
    }

    /** Stores the content as smtp-ingress would and queues the {@code mail.inbound} record. */
    protected InboundMessage enqueue(String from, String content, InboundMessage.Recipient... recipients) {
        return enqueue(from, content, Instant.now(), new InboundMessage.Dsn(null, null), recipients);
    }

    protected InboundMessage enqueue(String from, String content, Instant receivedAt, InboundMessage.Dsn dsn,
                                     InboundMessage.Recipient... recipients) {
        return enqueue(from, content, receivedAt, dsn, new InboundMessage.Client("192.0.2.10", "client.example.org", "mx",
                null, null), recipients);
    }

    /** As a user's submission (port 587, authenticated) would queue it. */
    protected InboundMessage enqueueSubmitted(Principal submitter, String content, InboundMessage.Recipient... recipients) {
        return enqueueSubmitted(submitter, content, null, recipients);
    }

    /** A submission with an intake verdict (which submission does not give: for the order of added fields). */
    protected InboundMessage enqueueSubmitted(Principal submitter, String content, InboundMessage.Verdict verdict,
                                              InboundMessage.Recipient... recipients) {
        return enqueue(submitter.address(), content, Instant.now(), new InboundMessage.Dsn(null, null),
                new InboundMessage.Client("192.0.2.10", "laptop", "submission", "TLSv1.3", submitter), verdict,
                recipients);
    }

    /** As the MX listener queues a message it checked: with its verdict. */
    protected InboundMessage enqueue(String from, String content, InboundMessage.Verdict verdict,
                                     InboundMessage.Recipient... recipients) {
        return enqueue(from, content, Instant.now(), new InboundMessage.Dsn(null, null),
                new InboundMessage.Client("192.0.2.10", "client.example.org", "mx", null, null), verdict, recipients);
    }

    private InboundMessage enqueue(String from, String content, Instant receivedAt, InboundMessage.Dsn dsn,
                                   InboundMessage.Client client, InboundMessage.Recipient... recipients) {
        return enqueue(from, content, receivedAt, dsn, client, null, recipients);
    }

    private InboundMessage enqueue(String from, String content, Instant receivedAt, InboundMessage.Dsn dsn,
                                   InboundMessage.Client client, InboundMessage.Verdict verdict,
                                   InboundMessage.Recipient... recipients) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        BlobKey key = BlobKey.newFor("inbound", Instant.now());
        blobs.put(key, new ByteArrayInputStream(bytes), bytes.length);
        InboundMessage m = new InboundMessage("Q" + UUID.randomUUID().toString().replace("-", ""), key.value(),
                bytes.length, receivedAt, from, List.of(recipients), dsn, "8BITMIME", false, client, "trace-1", verdict);
        send(INBOUND, m.id(), json.write(m));
        return m;
    }

    protected static void send(String topic, String key, byte[] value) {
        send(topic, key, value, new org.apache.kafka.common.header.internals.RecordHeaders());
    }

    protected static void send(String topic, String key, byte[] value, Iterable<org.apache.kafka.common.header.Header> headers) {
        try {
            producer.send(new ProducerRecord<>(topic, null, key, value, headers)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    protected static InboundMessage.Recipient rcpt(String address) {
        return new InboundMessage.Recipient(address, List.of(), null);
    }

    /** The INBOX messages' bytes, in UID order. */
    protected List<String> inbox(Principal p) {
        return messages(p, "INBOX");
    }

    /** A mailbox's messages' bytes, in UID order; none when it does not exist. */
    protected List<String> messages(Principal p, String mailbox) {
        if (store.find(p, mailbox).isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (MessageMeta m : store.fetch(p, mailbox, MessageRange.all())) {
            try (InputStream in = store.openContent(p, m, 0, m.size())) {
                out.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    protected List<MessageMeta> inboxMeta(Principal p) {
        return store.find(p, "INBOX").isEmpty() ? List.of() : store.fetch(p, "INBOX", MessageRange.all());
    }

    protected List<String> awaitInbox(Principal p, int count) {
        await().atMost(Duration.ofSeconds(20)).until(() -> inbox(p).size() >= count);
        return inbox(p);
    }
}
