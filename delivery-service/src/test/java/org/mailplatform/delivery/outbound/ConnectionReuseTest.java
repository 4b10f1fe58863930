package org.mailplatform.delivery.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mailplatform.blob.BlobKey;
import org.mailplatform.delivery.config.DkimProperties;
import org.mailplatform.delivery.config.OutboundProperties;
import org.mailplatform.delivery.dkim.OutboundSigner;
import org.mailplatform.delivery.dsn.BounceSender;
import org.mailplatform.delivery.dsn.DsnBuilder;
import org.mailplatform.delivery.queue.OutboundDelivery;
import org.mailplatform.delivery.queue.QueueJson;
import org.mailplatform.delivery.retry.RetrySchedule;
import org.mailplatform.delivery.stage.Outcome;
import org.mailplatform.delivery.stage.RecordHandler;
import org.mailplatform.delivery.support.InMemoryDirectory;
import org.mailplatform.delivery.support.MemoryBlobStore;
import org.mailplatform.teststack.StaticDnsResolver;
import org.mailplatform.directory.client.DkimKeyResult;
import org.mailplatform.embedded.BackendEndpoints;
import org.mailplatform.model.InboundMessage;
import org.mailplatform.smtp.config.SmtpProperties;
import org.mailplatform.smtp.intake.InboundProducers;
import org.mailplatform.smtp.intake.InboundPublisher;
import org.mailplatform.smtp.server.SmtpServer;
import org.mailplatform.teststack.WithTestStack;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;

/**
 * The outbound relay against the project's own smtp-ingress as the remote MX of {@code ingress.test}
 * (real Netty server, Kafka intake on the test stack): many messages to one domain share sessions,
 * never more at once than the per-domain limit, sessions end after their message limit and idle
 * timeout. Deliveries are started from parallel threads, as the outbound stage runs a batch.
 * Connections are counted by smtp-ingress itself ({@code mail.protocol.connections}).
 */
@WithTestStack
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectionReuseTest {

    private final InMemoryDirectory remoteDirectory = new InMemoryDirectory();
    private final MemoryBlobStore blobs = new MemoryBlobStore();
    private final QueueJson json = new QueueJson();
    private final SimpleMeterRegistry remoteMeters = new SimpleMeterRegistry();
    private SmtpServer ingress;
    private InboundPublisher publisher;
    private SmtpSessionPool sessions;
    private SimpleMeterRegistry meters;

    @BeforeAll
    void startIngress(BackendEndpoints backends) throws Exception {
        String topic = "reuse.remote-inbound-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                backends.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        Map<String, String> props = new HashMap<>();
        props.put("mail.smtp.hostname", "mx.ingress.test");
        props.put("mail.smtp.bind-address", "127.0.0.1");
        props.put("mail.smtp.mx-port", "0");
        props.put("mail.smtp.submission-port", "-1");
        props.put("mail.smtp.smtps-port", "-1");
        props.put("mail.smtp.inbound-topic", topic);
        props.put("mail.smtp.kafka-timeout", "5s");
        SmtpProperties settings = new Binder(new MapConfigurationPropertySource(props))
                .bindOrCreate("mail.smtp", SmtpProperties.class);
        publisher = new InboundPublisher(InboundProducers.create(
                Map.of("bootstrap.servers", backends.kafkaBootstrapServers()), settings.kafkaTimeout()), topic,
                settings.kafkaTimeout());
        ingress = new SmtpServer(settings, remoteDirectory, blobs, publisher, remoteMeters, Clock.systemUTC());
        ingress.start();
    }

    @AfterAll
    void stopIngress() {
        ingress.close();
        publisher.close();
    }

    @AfterEach
    void closeSessions() {
        if (sessions != null) {
            sessions.close();
        }
    }

    @Test
    void messagesToOneDomainShareSessionsAndNeverExceedTheDomainLimit() throws Exception {
        RecordHandler relay = relay(2, 100, Duration.ofSeconds(30));
        double before = acceptedConnections();

        List<Outcome> outcomes = deliverInParallel(relay, 12);

        assertThat(outcomes).allSatisfy(o -> assertThat(o).isEqualTo(Outcome.done(List.of())));
        assertThat(meters.counter("mail.delivery.outbound.recipients", "outcome", "delivered").count()).isEqualTo(12);
        assertThat(queuedAtRemote()).isGreaterThanOrEqualTo(12);
        assertThat(acceptedConnections() - before).as("connections smtp-ingress accepted for 12 messages, limit 2")
                .isBetween(1.0, 2.0);
        assertThat(meters.counter("mail.delivery.outbound.connections", "outcome", "reused").count())
                .isGreaterThanOrEqualTo(10);
    }

    @Test
    void aSessionIsClosedAfterItsMessageLimit() throws Exception {
        RecordHandler relay = relay(1, 3, Duration.ofSeconds(30));
        double before = acceptedConnections();

        deliverInParallel(relay, 12);

        assertThat(meters.counter("mail.delivery.outbound.recipients", "outcome", "delivered").count()).isEqualTo(12);
        assertThat(acceptedConnections() - before).as("12 messages, 3 per session, one at a time").isEqualTo(4.0);
    }

    @Test
    void anIdleSessionIsClosedAfterTheIdleTimeoutAndTheNextMessageOpensANewOne() throws Exception {
        RecordHandler relay = relay(1, 100, Duration.ofSeconds(1));
        double before = acceptedConnections();

        deliverInParallel(relay, 1);
        assertThat(meters.get("mail.delivery.outbound.connections.idle").gauge().value()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(
                () -> meters.get("mail.delivery.outbound.connections.idle").gauge().value() == 0
                        && remoteMeters.get("mail.protocol.connections.active").gauge().value() == 0);
        deliverInParallel(relay, 1);

        assertThat(acceptedConnections() - before).isEqualTo(2.0);
        assertThat(meters.counter("mail.delivery.outbound.connections", "outcome", "reused").count()).isZero();
    }

    private RecordHandler relay(int perDomain, int maxMessages, Duration idleTimeout) throws Exception {
        meters = new SimpleMeterRegistry();
        OutboundProperties p = new OutboundProperties(ingress.port(SmtpServer.MX), "client.local.test", TlsPolicy.NONE,
                Duration.ofSeconds(5), Duration.ofSeconds(10), perDomain, 64, 5, List.of(), Duration.ofSeconds(2), null,
                null, idleTimeout, maxMessages, null);
        sessions = OutboundRelayFactory.sessions(p, meters);
        StaticDnsResolver dns = new StaticDnsResolver()
                .add(new MXRecord(Name.fromString("ingress.test."), DClass.IN, 60, 10, Name.fromString("mx.ingress.test.")))
                .add(new ARecord(Name.fromString("mx.ingress.test."), DClass.IN, 60, InetAddress.getByName("127.0.0.1")));
        BounceSender bounces = new BounceSender(blobs, new DsnBuilder("mx.local.test", 1 << 20), json, "unused.inbound",
                "dsn", "mx.local.test", Clock.systemUTC(), meters);
        return OutboundRelayFactory.create(p, sessions, "mx.local.test", dns, new OutboundSigner(
                new DkimProperties(null, null, null, null, null), domain -> new DkimKeyResult.NoKey(), "mx.local.test",
                Clock.systemUTC(), meters), blobs, bounces,
                new RetrySchedule(List.of(Duration.ofMinutes(5)), Duration.ofDays(5)), json, "unused.outbound",
                "unused.retry", Clock.systemUTC(), meters);
    }

    /** Delivers {@code n} one-recipient messages to ingress.test, all started at once. */
    private List<Outcome> deliverInParallel(RecordHandler relay, int n) throws Exception {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String rcpt = "user" + UUID.randomUUID().toString().substring(0, 8) + "@ingress.test";
            remoteDirectory.addUser(rcpt);
            byte[] content = ("From: <a@local.test>\r\nTo: <" + rcpt + ">\r\nSubject: reuse " + i + "\r\n\r\nhello\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            BlobKey key = BlobKey.newFor("inbound", Instant.now());
            blobs.put(key, new ByteArrayInputStream(content), content.length);
            InboundMessage m = new InboundMessage("Q" + UUID.randomUUID().toString().replace("-", ""), key.value(),
                    content.length, Instant.now(), "a@local.test",
                    List.of(new InboundMessage.Recipient(rcpt, List.of(), null)), new InboundMessage.Dsn(null, null),
                    "7BIT", false, new InboundMessage.Client("127.0.0.1", "local", "delivery", null, null), "t");
            OutboundDelivery d = new OutboundDelivery(m, "ingress.test", m.recipients(), 0, null, null);
            records.add(new ConsumerRecord<>("outbound", 0, i, "ingress.test", json.write(d)));
        }
        List<Outcome> outcomes = new ArrayList<>();
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Outcome>> futures = records.stream().map(r -> workers.submit(() -> relay.handle(r))).toList();
            for (Future<Outcome> f : futures) {
                outcomes.add(f.get());
            }
        }
        return outcomes;
    }

    private double acceptedConnections() {
        var c = remoteMeters.find("mail.protocol.connections").tag("outcome", "accepted").counter();
        return c == null ? 0 : c.count();
    }

    private double queuedAtRemote() {
        var c = remoteMeters.find("mail.smtp.messages").tag("outcome", "queued").counter();
        return c == null ? 0 : c.count();
    }
}
