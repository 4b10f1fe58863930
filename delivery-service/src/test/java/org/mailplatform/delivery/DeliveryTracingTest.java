package org.mailplatform.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.mailplatform.model.InboundMessage;
import org.mailplatform.teststack.TestStack;

/**
 * A {@code mail.inbound} record that carries a W3C {@code traceparent} (as smtp-ingress writes it)
 * is routed, handed to local delivery through {@code mail.local} and appended to the mailbox, or
 * relayed through {@code mail.outbound} and deferred to {@code mail.retry}, all within that one
 * trace, over real Kafka.
 */
class DeliveryTracingTest extends DeliveryServiceContext {

    @Test
    void theTraceOfTheInboundRecordReachesTheMailboxAppendThroughTheLocalQueue() throws Exception {
        String traceId = hex(16);
        String smtpSpanId = hex(8);
        InboundMessage m = enqueue(newUser(), Map.of("traceparent", "00-" + traceId + "-" + smtpSpanId + "-01"));

        assertThat(awaitAppend(m)).as("trace the append ran in").isEqualTo(traceId);

        Header local = recordOf(LOCAL, m).headers().lastHeader("traceparent");
        assertThat(local).as("traceparent of the mail.local record").isNotNull();
        assertThat(new String(local.value(), StandardCharsets.US_ASCII)).startsWith("00-" + traceId + "-");

        await().atMost(Duration.ofSeconds(10)).until(() -> span(traceId, "local process " + LOCAL) != null);
        SpanData router = span(traceId, "router process " + INBOUND);
        SpanData send = span(traceId, "send " + LOCAL);
        SpanData deliver = span(traceId, "local process " + LOCAL);
        assertThat(router.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(router.getParentSpanId()).as("continues the SMTP side's span").isEqualTo(smtpSpanId);
        assertThat(send.getParentSpanId()).isEqualTo(router.getSpanId());
        assertThat(deliver.getParentSpanId()).isEqualTo(send.getSpanId());
        assertThat(deliver.getAttributes().asMap().toString()).contains("outcome=done");
    }

    @Test
    void aRecordWithoutTraceContextStartsItsOwnTrace() throws Exception {
        InboundMessage m = enqueue(newUser(), Map.of());

        String traceId = awaitAppend(m);
        assertThat(traceId).isNotEqualTo("none").hasSize(32);
        Header local = recordOf(LOCAL, m).headers().lastHeader("traceparent");
        assertThat(new String(local.value(), StandardCharsets.US_ASCII)).startsWith("00-" + traceId + "-");
    }

    @Test
    void theTraceGoesOnThroughTheOutboundQueueIntoTheRetryQueue() throws Exception {
        String traceId = hex(16);
        InboundMessage m = enqueue("someone-" + UUID.randomUUID() + "@remote.test",
                Map.of("traceparent", "00-" + traceId + "-" + hex(8) + "-01"));

        for (String topic : List.of(OUTBOUND, RETRY)) {
            Header header = recordOf(topic, m).headers().lastHeader("traceparent");
            assertThat(header).as("traceparent of the " + topic + " record").isNotNull();
            assertThat(new String(header.value(), StandardCharsets.US_ASCII)).as(topic).startsWith("00-" + traceId + "-");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> span(traceId, "outbound process " + OUTBOUND) != null);
    }

    private SpanData span(String traceId, String name) {
        return spans.getFinishedSpanItems().stream()
                .filter(s -> s.getTraceId().equals(traceId) && s.getName().equals(name)).findFirst().orElse(null);
    }

    private ConsumerRecord<String, byte[]> recordOf(String topic, InboundMessage m) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestStack.endpoints().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "delivery-tracing-" + UUID.randomUUID(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(Set.of(topic));
            List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (new String(r.value(), StandardCharsets.UTF_8).contains(m.id())) {
                        found.add(r);
                    }
                });
                return !found.isEmpty();
            });
            return found.getFirst();
        }
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        b[0] |= 1; // never all zero (an invalid id)
        return HexFormat.of().formatHex(b);
    }
}
