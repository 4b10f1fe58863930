package org.mailplatform.observability.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

/** Without {@code mail.tracing.enabled}: no OpenTelemetry SDK, no exporter, nothing in the headers. */
@SpringBootTest(classes = TracingApp.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "spring.application.name=tracing-off")
class TracingOffByDefaultTest {

    @Autowired
    ApplicationContext context;
    @Autowired
    ObservationRegistry observations;

    @Test
    void noOpenTelemetrySdkSpanProcessorOrExporterIsBuilt() {
        assertThat(context.getBeanNamesForType(OpenTelemetry.class)).isEmpty();
        assertThat(context.getBeanNamesForType(SpanProcessor.class)).isEmpty();
        assertThat(context.getBeanNamesForType(SpanExporter.class)).isEmpty();
        assertThat(context.getBeansOfType(Tracer.class).values()).allMatch(t -> t == Tracer.NOOP);
        assertThat(context.getEnvironment().getProperty("management.opentelemetry.tracing.export.otlp.endpoint")).isNull();
    }

    @Test
    void recordsLeaveWithoutTraceHeaders() {
        KafkaObservations kafka = new KafkaObservations(observations);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>("mail.inbound", "Q1", new byte[0]);
        Observation message = Observation.start("test.message", observations);
        kafka.propagate(record, message);
        message.stop();

        assertThat(record.headers().toArray()).isEmpty();
        assertThat(KafkaObservations.traceId(message)).isEmpty();
    }
}
