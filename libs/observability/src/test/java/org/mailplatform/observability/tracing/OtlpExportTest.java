package org.mailplatform.observability.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** {@code mail.tracing.enabled=true} alone is enough: spans go by OTLP/HTTP to a collector on the node. */
@SpringBootTest(classes = TracingApp.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"spring.application.name=tracing-otlp", "mail.tracing.enabled=true"})
class OtlpExportTest {

    @Autowired
    OtlpHttpSpanExporter otlp;

    @Test
    void theOtlpExporterPointsAtTheCollectorOnTheNode() {
        assertThat(otlp.toString()).contains("endpoint=http://localhost:4318/v1/traces");
    }
}
