package org.mailplatform.smtp.support;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.minio.MinioClient;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.mailplatform.blob.BlobKey;
import org.mailplatform.blob.BlobStoreFactory;
import org.mailplatform.blob.S3BlobStore;
import org.mailplatform.blob.S3Properties;
import org.mailplatform.embedded.BackendEndpoints;
import org.mailplatform.model.InboundMessage;
import org.mailplatform.smtp.config.SmtpProperties;
import org.mailplatform.smtp.intake.InboundProducers;
import org.mailplatform.smtp.intake.InboundPublisher;
import org.mailplatform.smtp.server.SmtpServer;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.xbill.DNS.Resolver;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real SMTP server on free ports against real Kafka and S3 (the test stack or the caller's own
 * brokers), with the in-memory {@link TestDirectory} as the directory boundary and a throw-away
 * TLS certificate.
 */
public final class SmtpFixture implements AutoCloseable {

    private static X509Bundle certificate;

    public final String topic = "mail.inbound.test-" + UUID.randomUUID().toString().substring(0, 8);
    public final String bucket = "smtp-test-" + UUID.randomUUID().toString().substring(0, 8);
    public final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    public final SmtpServer server;
    public final TestDirectory directory;
    public final S3BlobStore blobs;
    private final MinioClient minio;
    private final InboundPublisher publisher;
    private final KafkaConsumer<String, byte[]> consumer;
    private final JsonMapper json = JsonMapper.builder().build();

    public SmtpFixture(String kafka, BackendEndpoints.S3Endpoint s3, Map<String, String> overrides) {
        this(kafka, s3, overrides, null, new TestDirectory());
    }

    /** A fixture whose client checks ask {@code dns} (a test double), or the configured servers when null. */
    public SmtpFixture(BackendEndpoints stack, Map<String, String> overrides, Resolver dns) {
        this(stack.kafkaBootstrapServers(), stack.s3(), overrides, dns, new TestDirectory());
    }

    /** A fixture on the test's own {@code directory}, e.g. one whose submission counters are scripted. */
    public SmtpFixture(BackendEndpoints stack, Map<String, String> overrides, TestDirectory directory) {
        this(stack.kafkaBootstrapServers(), stack.s3(), overrides, null, directory);
    }

    private SmtpFixture(String kafka, BackendEndpoints.S3Endpoint s3, Map<String, String> overrides, Resolver dns,
                        TestDirectory directory) {
        this.directory = directory;
        try {
            createTopic(kafka, topic);
            S3Properties s3Properties = new S3Properties(s3.url(), s3.accessKey(), s3.secretKey(), s3.region(), bucket,
                    true, 5 * 1024 * 1024, Duration.ofSeconds(2), Duration.ofSeconds(5), 1, 50, Duration.ofMillis(500));
            minio = BlobStoreFactory.client(s3Properties);
            blobs = BlobStoreFactory.store(minio, s3Properties,
                    CircuitBreaker.of("s3-test", BlobStoreFactory.breakerConfig(s3Properties)),
                    Retry.of("s3-test", BlobStoreFactory.retryConfig(s3Properties)));
            blobs.ensureBucket();
            Map<String, String> props = new HashMap<>();
            props.put("mail.smtp.hostname", "mx.test.example");
            props.put("mail.smtp.bind-address", "127.0.0.1");
            props.put("mail.smtp.mx-port", "0");
            props.put("mail.smtp.submission-port", "0");
            props.put("mail.smtp.smtps-port", "0");
            props.put("mail.smtp.tls-certificate", certificate().toTempCertChainPem().getPath());
            props.put("mail.smtp.tls-private-key", certificate().toTempPrivateKeyPem().getPath());
            props.put("mail.smtp.inbound-topic", topic);
            props.put("mail.smtp.kafka-timeout", "3s");
            props.putAll(overrides);
            SmtpProperties settings = new Binder(new MapConfigurationPropertySource(props))
                    .bindOrCreate("mail.smtp", SmtpProperties.class);
            publisher = new InboundPublisher(InboundProducers.create(
                    Map.of("bootstrap.servers", kafka), settings.kafkaTimeout()), topic, settings.kafkaTimeout());
            server = dns == null
                    ? new SmtpServer(settings, directory, blobs, publisher, meters, Clock.systemUTC())
                    : new SmtpServer(settings, directory, blobs, publisher, meters, Clock.systemUTC(), dns);
            server.start();
            consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                    ConsumerConfig.GROUP_ID_CONFIG, "smtp-test-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
            consumer.subscribe(Set.of(topic));
        } catch (Exception e) {
            throw new IllegalStateException("cannot start SMTP fixture", e);
        }
    }

    public SmtpFixture(BackendEndpoints stack, Map<String, String> overrides) {
        this(stack.kafkaBootstrapServers(), stack.s3(), overrides);
    }

    public static synchronized X509Bundle certificate() throws Exception {
        if (certificate == null) {
            certificate = new CertificateBuilder().subject("CN=mx.test.example").addSanDnsName("mx.test.example")
                    .addSanDnsName("localhost").setIsCertificateAuthority(true).buildSelfSigned();
        }
        return certificate;
    }

    static void createTopic(String kafka, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
    }

    public int port(String listener) {
        return server.port(listener);
    }

    /** The records published so far that were not returned before, waiting up to {@code wait} for at least {@code n}. */
    public List<InboundMessage> records(int n, Duration wait) {
        List<InboundMessage> result = new ArrayList<>();
        long deadline = System.nanoTime() + wait.toNanos();
        while (result.size() < n && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                InboundMessage m = json.readValue(r.value(), InboundMessage.class);
                if (!m.id().equals(r.key())) {
                    throw new AssertionError("record key " + r.key() + " is not the message id " + m.id());
                }
                result.add(m);
            }
        }
        return result;
    }

    /**
     * The trace fields this hop put in front of the one message queued since the last call, up to
     * the second line of its Received header ({@code by ...}).
     */
    public String queuedTraceFields() throws Exception {
        List<InboundMessage> one = records(1, Duration.ofSeconds(10));
        if (one.size() != 1) {
            throw new AssertionError("expected one queued message, got " + one.size());
        }
        String message = new String(blob(one.getFirst().blobKey()), java.nio.charset.StandardCharsets.UTF_8);
        return message.substring(0, message.indexOf("\r\n\tby "));
    }

    public byte[] blob(String key) throws Exception {
        try (var in = blobs.open(new BlobKey(key))) {
            return in.readAllBytes();
        }
    }

    /** Angus Mail session properties for one of the listeners. */
    public Properties mailProperties(String listener) {
        Properties p = new Properties();
        String prefix = listener.equals(SmtpServer.SMTPS) ? "mail.smtps." : "mail.smtp.";
        p.put(prefix + "host", "127.0.0.1");
        p.put(prefix + "port", String.valueOf(port(listener)));
        p.put(prefix + "ssl.trust", "*");
        p.put(prefix + "ssl.checkserveridentity", "false");
        p.put(prefix + "connectiontimeout", "5000");
        p.put(prefix + "timeout", "20000");
        p.put(prefix + "localhost", "client.test.example");
        return p;
    }

    public static Path tempDir(String prefix) throws Exception {
        return java.nio.file.Files.createTempDirectory(prefix);
    }

    @Override
    public void close() {
        server.close();
        publisher.close();
        consumer.close();
        try {
            minio.close();
        } catch (Exception ignored) {
            // test teardown
        }
    }
}
