package org.mailplatform.delivery.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailplatform.blob.BlobKey;
import org.mailplatform.delivery.DeliveryTestBase;
import org.mailplatform.delivery.queue.QueueJson;
import org.mailplatform.delivery.support.DkimTestKeys;
import org.mailplatform.delivery.support.InMemoryDirectory;
import org.mailplatform.delivery.support.MemoryBlobStore;
import org.mailplatform.mailauth.dkim.DkimResult;
import org.mailplatform.mailauth.dkim.SignatureCheck;
import org.mailplatform.model.InboundMessage;
import org.mailplatform.model.Principal;
import org.mailplatform.smtp.config.SmtpProperties;
import org.mailplatform.smtp.intake.InboundProducers;
import org.mailplatform.smtp.intake.InboundPublisher;
import org.mailplatform.smtp.server.SmtpServer;
import org.mailplatform.teststack.TestStack;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The whole service relaying to the project's own smtp-ingress as the MX of a second domain,
 * {@code ingress.test} (test DNS: 127.0.0.2, on the port the relay uses): accepted mail reaches
 * the remote intake unchanged; the remote directory being down gives 451 until it is back (retried);
 * an unknown remote user gives 550 and a DSN; a message that keeps getting 451 expires into a DSN.
 */
class RemoteIngressDeliveryTest extends DeliveryTestBase {

    private static final InMemoryDirectory REMOTE_DIRECTORY = new InMemoryDirectory();
    private static final MemoryBlobStore REMOTE_BLOBS = new MemoryBlobStore();
    private static SmtpServer ingress;
    private static InboundPublisher publisher;
    private static KafkaConsumer<String, byte[]> accepted;
    private static final List<InboundMessage> ACCEPTED = new ArrayList<>();
    private static final String FIELDS = "Authentication-Results: mx.local.test; spf=pass"
            + " smtp.mailfrom=example.org;\r\n\tdkim=pass header.d=example.org; dmarc=pass header.from=example.org\r\n";


    @BeforeAll
    static void startRemoteIngress() throws Exception {
        String topic = "flow.remote-inbound";
        createTopics(List.of(topic), 1);
        Map<String, String> props = new HashMap<>();
        props.put("mail.smtp.hostname", "mx.ingress.test");
        props.put("mail.smtp.bind-address", "127.0.0.2");
        props.put("mail.smtp.mx-port", String.valueOf(SMTP.port()));
        props.put("mail.smtp.submission-port", "-1");
        props.put("mail.smtp.smtps-port", "-1");
        props.put("mail.smtp.inbound-topic", topic);
        props.put("mail.smtp.kafka-timeout", "5s");
        SmtpProperties settings = new Binder(new MapConfigurationPropertySource(props))
                .bindOrCreate("mail.smtp", SmtpProperties.class);
        String kafka = TestStack.endpoints().kafkaBootstrapServers();
        publisher = new InboundPublisher(InboundProducers.create(Map.of("bootstrap.servers", kafka),
                settings.kafkaTimeout()), topic, settings.kafkaTimeout());
        ingress = new SmtpServer(settings, REMOTE_DIRECTORY, REMOTE_BLOBS, publisher, new SimpleMeterRegistry(),
                Clock.systemUTC());
        ingress.start();
        accepted = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ConsumerConfig.GROUP_ID_CONFIG, "remote-ingress-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer());
        accepted.subscribe(List.of(topic));
    }

    @AfterAll
    static void stopRemoteIngress() {
        accepted.close();
        ingress.close();
        publisher.close();
    }

    @AfterEach
    void remoteDirectoryBack() {
        REMOTE_DIRECTORY.unavailable(false);
    }

    @Test
    void mailToTheRemoteDomainIsAcceptedThereUnchanged() throws Exception {
        Principal sender = directory.addUser(unique("sender") + "@local.test");
        String bob = unique("bob") + "@ingress.test";
        REMOTE_DIRECTORY.addUser(bob);
        String original = content("across to the other platform");
        enqueue(sender.address(), original, rcpt(bob));

        InboundMessage there = awaitAccepted(bob);
        assertThat(there.mailFrom()).isEqualTo(sender.address());
        String stored = new String(REMOTE_BLOBS.open(new BlobKey(there.blobKey())).readAllBytes(), StandardCharsets.UTF_8);
        assertThat(stored).as("smtp-ingress prepends its Received header only").endsWith(original);
    }

    @Test
    void submittedMailLeavesSignedWithItsDomainsKeyAndVerifiesAtTheRemote() throws Exception {
        DkimTestKeys keys = new DkimTestKeys("signed.test", "mp202612");
        directory.addDkimKey(keys.signingKey(InMemoryDirectory.TENANT));
        Principal sender = directory.addUser(unique("writer") + "@signed.test");
        String erin = unique("erin") + "@ingress.test";
        REMOTE_DIRECTORY.addUser(erin);
        String original = "From: Writer <" + sender.address() + ">\r\nTo: <" + erin + ">\r\nSubject: signed\r\n"
                + "Message-ID: <" + UUID.randomUUID() + "@signed.test>\r\n\r\nSigned on the way out.\r\n";
        enqueueSubmitted(sender, original, rcpt(erin));

        InboundMessage there = awaitAccepted(erin);
        byte[] stored = REMOTE_BLOBS.open(new BlobKey(there.blobKey())).readAllBytes();
        String text = new String(stored, StandardCharsets.UTF_8);
        assertThat(text).contains("\r\nDKIM-Signature: ").endsWith(original);
        assertThat(there.size()).as("SIZE and the stored size count the signature").isEqualTo(stored.length);
        assertThat(keys.verifyWithJdkim(stored)).hasSize(1);
        assertThat(keys.verifyWithDkimpy(stored)).isTrue();
    }

    @Test
    void aDomainWithAnRsaAndAnEd25519KeySendsBothSignaturesAndBothVerifyAtTheRemote() throws Exception {
        DkimTestKeys rsa = new DkimTestKeys("dual.test", "rsa1");
        DkimTestKeys ed = DkimTestKeys.ed25519("dual.test", "ed1");
        directory.addDkimKey(DkimTestKeys.signingKeys(InMemoryDirectory.TENANT, rsa, ed));
        Principal sender = directory.addUser(unique("dual") + "@dual.test");
        String hana = unique("hana") + "@ingress.test";
        REMOTE_DIRECTORY.addUser(hana);
        String original = "From: Writer <" + sender.address() + ">\r\nTo: <" + hana + ">\r\nSubject: dual\r\n"
                + "Message-ID: <" + UUID.randomUUID() + "@dual.test>\r\n\r\nSigned twice on the way out.\r\n";
        enqueueSubmitted(sender, original, new InboundMessage.Verdict(FIELDS, false), rcpt(hana));

        InboundMessage there = awaitAccepted(hana);
        byte[] stored = REMOTE_BLOBS.open(new BlobKey(there.blobKey())).readAllBytes();
        String text = new String(stored, StandardCharsets.UTF_8);
        assertThat(text).endsWith("\r\n" + FIELDS + original);
        assertThat(text.indexOf("a=rsa-sha256")).as("RSA on top").isPositive()
                .isLessThan(text.indexOf("a=ed25519-sha256"));
        assertThat(text.indexOf("a=ed25519-sha256")).isLessThan(text.indexOf(FIELDS));
        assertThat(there.size()).as("SIZE and the stored size count both signatures").isEqualTo(stored.length);
        assertThat(DkimTestKeys.verifyWithMailAuth(stored, rsa, ed))
                .extracting(SignatureCheck::result, SignatureCheck::selector)
                .containsExactly(tuple(DkimResult.PASS, "rsa1"), tuple(DkimResult.PASS, "ed1"));
        assertThat(rsa.verifyWithDkimpy(stored)).as("a verifier without Ed25519 passes the RSA signature").isTrue();
    }

    @Test
    void mailAnAliasForwardsFromTheMxArrivesWithTheVerdictsFieldsAboveIt() throws Exception {
        String alias = unique("fwd") + "@local.test";
        String frank = unique("frank") + "@ingress.test";
        REMOTE_DIRECTORY.addUser(frank);
        directory.addAlias(alias, frank);
        String original = content("checked here, forwarded there");
        enqueue("someone@example.org", original, new InboundMessage.Verdict(FIELDS, false), rcpt(alias));

        InboundMessage there = awaitAccepted(frank);
        byte[] stored = REMOTE_BLOBS.open(new BlobKey(there.blobKey())).readAllBytes();
        String text = new String(stored, StandardCharsets.UTF_8);
        assertThat(text).as("the remote's Received, then our fields, then the message").startsWith("Received: ")
                .endsWith("\r\n" + FIELDS + original);
        assertThat(there.size()).isEqualTo(stored.length);
    }

    @Test
    void aSignatureGoesAboveTheVerdictsFieldsAndStillVerifies() throws Exception {
        DkimTestKeys keys = new DkimTestKeys("signed.test", "mp202612");
        directory.addDkimKey(keys.signingKey(InMemoryDirectory.TENANT));
        Principal sender = directory.addUser(unique("both") + "@signed.test");
        String gina = unique("gina") + "@ingress.test";
        REMOTE_DIRECTORY.addUser(gina);
        String original = "From: Writer <" + sender.address() + ">\r\nTo: <" + gina + ">\r\nSubject: both\r\n"
                + "Message-ID: <" + UUID.randomUUID() + "@signed.test>\r\n\r\nSigned and checked.\r\n";
        enqueueSubmitted(sender, original, new InboundMessage.Verdict(FIELDS, false), rcpt(gina));

        InboundMessage there = awaitAccepted(gina);
        byte[] stored = REMOTE_BLOBS.open(new BlobKey(there.blobKey())).readAllBytes();
        String text = new String(stored, StandardCharsets.UTF_8);
        assertThat(text).contains("\r\nDKIM-Signature: ").endsWith("\r\n" + FIELDS + original);
        assertThat(text.indexOf("DKIM-Signature: ")).isLessThan(text.indexOf(FIELDS));
        assertThat(keys.verifyWithJdkim(stored)).hasSize(1);
    }

    @Test
    void aTemporaryRefusalIsRetriedUntilTheRemoteAcceptsIt() {
        String carol = unique("carol") + "@ingress.test";
        REMOTE_DIRECTORY.addUser(carol);
        REMOTE_DIRECTORY.unavailable(true);
        double deferred = deferredCount();
        enqueue("someone@example.org", content("please retry"), rcpt(carol));

        await().atMost(Duration.ofSeconds(20)).until(() -> deferredCount() > deferred);
        REMOTE_DIRECTORY.unavailable(false);
        assertThat(awaitAccepted(carol).recipients().getFirst().address()).isEqualTo(carol);
    }

    @Test
    void anUnknownRemoteUserBouncesWithTheRemoteReplyInTheDsn() {
        Principal sender = directory.addUser(unique("sender") + "@local.test");
        String nobody = unique("nobody") + "@ingress.test";
        REMOTE_DIRECTORY.addUser(unique("somebody") + "@ingress.test");
        enqueue(sender.address(), content("to nobody"), rcpt(nobody));

        assertThat(awaitInbox(sender, 1).getFirst()).contains("Action: failed", "Final-Recipient: rfc822; " + nobody,
                "Status: 5.1.1", "Remote-MTA: dns; mx.ingress.test", "Diagnostic-Code: smtp; 550 5.1.1",
                "Subject: to nobody");
    }

    @Test
    void aMessageTheRemoteKeepsDeferringExpiresIntoADsn() {
        Principal sender = directory.addUser(unique("sender") + "@local.test");
        String dave = unique("dave") + "@ingress.test";
        REMOTE_DIRECTORY.addUser(dave);
        REMOTE_DIRECTORY.unavailable(true);
        enqueue(sender.address(), content("too old"), Instant.now().minus(Duration.ofHours(2)),
                new InboundMessage.Dsn(null, null), rcpt(dave));

        assertThat(awaitInbox(sender, 1).getFirst()).contains("Action: failed", "Status: 4.4.7",
                "delivery time expired", "451 4.4.3");
    }

    private double deferredCount() {
        return meters.counter("mail.delivery.outbound.recipients", "outcome", "deferred").count();
    }

    private static InboundMessage awaitAccepted(String recipient) {
        QueueJson json = new QueueJson();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            accepted.poll(Duration.ofMillis(200)).forEach(r -> ACCEPTED.add(json.read(r.value(), InboundMessage.class)));
            return ACCEPTED.stream().anyMatch(m -> m.recipients().stream().anyMatch(x -> x.address().equals(recipient)));
        });
        return ACCEPTED.stream().filter(m -> m.recipients().stream().anyMatch(x -> x.address().equals(recipient)))
                .findFirst().orElseThrow();
    }
}
