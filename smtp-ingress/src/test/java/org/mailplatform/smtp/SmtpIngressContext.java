package org.mailplatform.smtp;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import org.mailplatform.directory.client.Directory;
import org.mailplatform.smtp.support.TestDirectory;
import org.mailplatform.teststack.WithTestStack;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The whole smtp-ingress application against the test stack, with the in-memory directory and
 * tracing on (spans kept in memory): one Spring context that the actuator, metrics and tracing
 * tests share.
 */
@WithTestStack
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=" + SmtpIngressApplication.NAME, "mail.smtp.mx-port=0",
        "mail.smtp.submission-port=0", "mail.smtp.smtps-port=0", "mail.smtp.bind-address=127.0.0.1",
        "mail.smtp.hostname=mx.spring.example", "mail.s3.bucket=smtp-actuator-test",
        "mail.smtp.inbound-topic=" + SmtpIngressContext.TOPIC,
        "mail.tracing.enabled=true", "management.tracing.export.otlp.enabled=false",
        "management.opentelemetry.tracing.export.schedule-delay=50ms"})
@Import(SmtpIngressContext.Beans.class)
public abstract class SmtpIngressContext {

    static final String TOPIC = "spring.mail.inbound";

    @TestConfiguration(proxyBeanMethods = false)
    static class Beans {
        @Bean
        Directory testDirectory() {
            return new TestDirectory();
        }

        @Bean
        InMemorySpanExporter spans() {
            return InMemorySpanExporter.create();
        }
    }
}
