package org.mailplatform.observability.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * With {@code mail.tracing.enabled=true}: a record's trace context written by one observation is
 * continued by the next, through the propagator Spring Boot configures (W3C {@code traceparent}).
 */
@SpringBootTest(classes = TracingApp.class, webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
        "spring.application.name=tracing-on", "mail.tracing.enabled=true",
        "management.opentelemetry.tracing.export.schedule-delay=50ms",
        // no collector here: its failing exports would hold up the in-memory one (OtlpExportTest covers it)
        "management.tracing.export.otlp.enabled=false"})
@Import(TracingOnTest.Spans.class)
class TracingOnTest {

    @TestConfiguration(proxyBeanMethods = false)
    static class Spans {
        @Bean
        InMemorySpanExporter inMemorySpans() {
            return InMemorySpanExporter.create();
        }
    }

    @Autowired
    ObservationRegistry observations;
    @Autowired
    InMemorySpanExporter spans;
    @Autowired
    Environment environment;

    @Test
    void everyMessageIsSampled() {
        assertThat(environment.getProperty("management.tracing.sampling.probability")).isEqualTo("1.0");
    }

    @Test
    void aRecordCarriesTheSendersTraceIntoTheNextHop() {
        KafkaObservations kafka = new KafkaObservations(observations);
        ProducerRecord<String, byte[]> sent = new ProducerRecord<>("mail.inbound", "Q2", new byte[0]);
        Observation message = Observation.start("test.message", observations);
        String traceId = KafkaObservations.traceId(message).orElseThrow();
        kafka.propagate(sent, message);
        message.stop();

        Header traceparent = sent.headers().lastHeader("traceparent");
        assertThat(traceparent).isNotNull();
        assertThat(new String(traceparent.value(), StandardCharsets.UTF_8)).startsWith("00-" + traceId + "-");

        ConsumerRecord<String, byte[]> received = new ConsumerRecord<>("mail.inbound", 0, 7, "Q2", new byte[0]);
        sent.headers().forEach(h -> received.headers().add(h));
        Observation processing = kafka.processing(received, "router").start();
        ProducerRecord<String, byte[]> next = new ProducerRecord<>("mail.local", "Q2", new byte[0]);
        kafka.propagate(next, processing);
        assertThat(KafkaObservations.traceId(processing)).contains(traceId);
        processing.stop();

        assertThat(new String(next.headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8))
                .startsWith("00-" + traceId + "-");
        await().atMost(Duration.ofSeconds(10)).until(() -> spans.getFinishedSpanItems().stream()
                .filter(s -> s.getTraceId().equals(traceId)).count() >= 4);
        Optional<SpanData> consumer = spans.getFinishedSpanItems().stream()
                .filter(s -> s.getName().equals("router process mail.inbound")).findFirst();
        assertThat(consumer).get().extracting(SpanData::getTraceId).isEqualTo(traceId);
    }
}
