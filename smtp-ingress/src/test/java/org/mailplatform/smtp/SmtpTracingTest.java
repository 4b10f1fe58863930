package org.mailplatform.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.mailplatform.model.InboundMessage;
import org.mailplatform.smtp.config.SmtpListeners;
import org.mailplatform.smtp.support.RawSmtp;
import org.mailplatform.smtp.support.TestDirectory;
import org.mailplatform.teststack.TestStack;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/**
 * With tracing on, each accepted message is one {@code smtp message} span, and the
 * {@code mail.inbound} record on real Kafka carries that trace in its {@code traceparent} header
 * (and in its {@code traceId} field) for delivery to continue.
 */
class SmtpTracingTest extends SmtpIngressContext {

    @Autowired
    SmtpListeners listeners;
    @Autowired
    InMemorySpanExporter spans;

    @Test
    void theInboundRecordCarriesTheTraceOfTheSmtpMessageSpan() throws Exception {
        String subject = "traced-" + UUID.randomUUID();
        String reply = RawSmtp.send(listeners.port("mx"), TestDirectory.ALICE.address(), "Subject: " + subject + "\r\n\r\nhi");
        assertThat(reply).startsWith("250 2.0.0 Ok: queued as ");
        String queueId = reply.substring("250 2.0.0 Ok: queued as ".length()).strip();

        ConsumerRecord<String, byte[]> record = recordFor(queueId);
        Header header = record.headers().lastHeader("traceparent");
        assertThat(header).as("traceparent header").isNotNull();
        String[] traceparent = new String(header.value(), StandardCharsets.US_ASCII).split("-");
        assertThat(traceparent).hasSize(4);
        String traceId = traceparent[1];
        assertThat(JsonMapper.builder().build().readValue(record.value(), InboundMessage.class).traceId()).isEqualTo(traceId);

        await().atMost(Duration.ofSeconds(10)).until(() -> span(traceId, "send " + TOPIC) != null
                && span(traceId, "smtp message") != null);
        SpanData message = span(traceId, "smtp message");
        SpanData send = span(traceId, "send " + TOPIC);
        assertThat(message.getParentSpanContext().isValid()).as("a new trace per message").isFalse();
        assertThat(message.getAttributes().asMap().toString()).contains("outcome=queued", "mail.queue_id=" + queueId);
        assertThat(send.getKind()).isEqualTo(SpanKind.PRODUCER);
        assertThat(send.getParentSpanId()).isEqualTo(message.getSpanId());
        assertThat(traceparent[2]).as("the record's parent is the producer span").isEqualTo(send.getSpanId());
    }

    private SpanData span(String traceId, String name) {
        return spans.getFinishedSpanItems().stream()
                .filter(s -> s.getTraceId().equals(traceId) && s.getName().equals(name)).findFirst().orElse(null);
    }

    private static ConsumerRecord<String, byte[]> recordFor(String queueId) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.endpoints().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "smtp-tracing-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(Set.of(TOPIC));
            List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (queueId.equals(r.key())) {
                        found.add(r);
                    }
                });
                return !found.isEmpty();
            });
            return found.getFirst();
        }
    }
}
