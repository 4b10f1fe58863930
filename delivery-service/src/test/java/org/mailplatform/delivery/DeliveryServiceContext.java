package org.mailplatform.delivery;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.mailplatform.blob.BlobKey;
import org.mailplatform.blob.BlobStore;
import org.mailplatform.delivery.queue.QueueJson;
import org.mailplatform.delivery.support.DeliveryTestBeans;
import org.mailplatform.delivery.support.InMemoryDirectory;
import org.mailplatform.model.InboundMessage;
import org.mailplatform.model.Principal;
import org.mailplatform.model.Topics;
import org.mailplatform.store.AppendRequest;
import org.mailplatform.store.MailboxStore;
import org.mailplatform.teststack.TestStack;
import org.mailplatform.teststack.WithTestStack;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The delivery service on its own topics with an HTTP port and tracing on (spans kept in memory):
 * one Spring context that the actuator, metrics and tracing tests share. The mailbox store is the
 * real one, seen through a recorder of the trace each append runs in.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + DeliveryServiceApplication.NAME, "mail.s3.bucket=delivery-actuator",
                "mail.s3.create-bucket=true", "spring.mongodb.database=delivery-actuator",
                "mail.delivery.instance-id=actuator-test", "mail.delivery.hostname=mx.local.test",
                "mail.delivery.topics.inbound=" + DeliveryServiceContext.INBOUND,
                "mail.delivery.topics.local=" + DeliveryServiceContext.LOCAL,
                "mail.delivery.topics.outbound=" + DeliveryServiceContext.OUTBOUND,
                "mail.delivery.topics.retry=" + DeliveryServiceContext.RETRY, "mail.delivery.topics.dlq=actuator.dlq",
                // nothing listens there: outbound attempts are refused at once and deferred to mail.retry
                "mail.delivery.outbound.port=9",
                "mail.tracing.enabled=true", "management.tracing.export.otlp.enabled=false",
                "management.opentelemetry.tracing.export.schedule-delay=50ms"})
@WithTestStack
@Import({DeliveryTestBeans.class, DeliveryServiceContext.Tracing.class})
public abstract class DeliveryServiceContext {

    static final String INBOUND = "actuator.inbound";
    static final String LOCAL = "actuator.local";
    static final String OUTBOUND = "actuator.outbound";
    static final String RETRY = "actuator.retry";

    @Autowired
    protected BlobStore blobs;
    @Autowired
    protected InMemoryDirectory directory;
    @Autowired
    protected QueueJson json;
    @Autowired
    protected InMemorySpanExporter spans;
    @Autowired
    protected Map<String, String> appendTraces;

    @TestConfiguration(proxyBeanMethods = false)
    static class Tracing {
        @Bean
        InMemorySpanExporter spans() {
            return InMemorySpanExporter.create();
        }

        /** Idempotency key of each append -> id of the trace it ran in. */
        @Bean
        Map<String, String> appendTraces() {
            return new ConcurrentHashMap<>();
        }

        @Bean
        static BeanPostProcessor appendTraceRecorder(ObjectProvider<Tracer> tracer,
                                                     ObjectProvider<Map<String, String>> appendTraces) {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    if (!(bean instanceof MailboxStore store)) {
                        return bean;
                    }
                    return Proxy.newProxyInstance(MailboxStore.class.getClassLoader(), new Class<?>[] {MailboxStore.class},
                            (proxy, method, args) -> {
                                if (method.getName().equals("append") && args.length == 3
                                        && args[2] instanceof AppendRequest request && request.idempotencyKey() != null) {
                                    Span current = tracer.getObject().currentSpan();
                                    appendTraces.getObject().put(request.idempotencyKey(),
                                            current == null ? "none" : current.context().traceId());
                                }
                                try {
                                    return method.invoke(store, args);
                                } catch (InvocationTargetException e) {
                                    throw e.getCause();
                                }
                            });
                }
            };
        }
    }

    private static KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void topics() throws Exception {
        DeliveryTestBase.createTopics(List.of(INBOUND, LOCAL, OUTBOUND, RETRY, "actuator.dlq"), 1);
        DeliveryTestBase.createTopics(List.of(Topics.MAILBOX_CHANGES), 1);
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    TestStack.endpoints().kafkaBootstrapServers()), new StringSerializer(), new ByteArraySerializer());
        }
    }

    /** A new local user. */
    protected Principal newUser() {
        return directory.addUser("u-" + UUID.randomUUID().toString().substring(0, 8) + "@local.test");
    }

    /** Stores a message for {@code to} as smtp-ingress would and sends its record with {@code headers}. */
    protected InboundMessage enqueue(Principal to, Map<String, String> headers) throws Exception {
        return enqueue(to.address(), headers);
    }

    /** Stores a message for {@code to} as smtp-ingress would and sends its record with {@code headers}. */
    protected InboundMessage enqueue(String to, Map<String, String> headers) throws Exception {
        byte[] bytes = ("Subject: hello\r\nMessage-ID: <" + UUID.randomUUID() + "@example.org>\r\n\r\nHi.\r\n")
                .getBytes(StandardCharsets.UTF_8);
        BlobKey key = BlobKey.newFor("inbound", Instant.now());
        blobs.put(key, new ByteArrayInputStream(bytes), bytes.length);
        InboundMessage m = new InboundMessage("Q" + UUID.randomUUID().toString().replace("-", ""), key.value(),
                bytes.length, Instant.now(), "sender@example.org",
                List.of(new InboundMessage.Recipient(to, List.of(), null)), null, "8BITMIME", false,
                new InboundMessage.Client("192.0.2.10", "client.example.org", "mx", null, null), "trace-1");
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(INBOUND, m.id(), json.write(m));
        headers.forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
        producer.send(record).get();
        return m;
    }

    /** Waits until the message was appended (for any recipient) and returns the trace id it ran in. */
    protected String awaitAppend(InboundMessage m) {
        await().atMost(Duration.ofSeconds(60)).until(() -> appendTraces.containsKey(m.id()));
        return appendTraces.get(m.id());
    }
}
