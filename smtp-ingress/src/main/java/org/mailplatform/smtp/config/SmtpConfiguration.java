package org.mailplatform.smtp.config;

import java.nio.file.Path;
import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.mailplatform.blob.BlobStore;
import org.mailplatform.observability.tracing.KafkaObservations;
import org.mailplatform.directory.client.Directory;
import org.mailplatform.smtp.intake.InboundProducers;
import org.mailplatform.smtp.intake.InboundPublisher;
import org.mailplatform.smtp.server.SmtpServer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Wires the SMTP server into the application: properties, Kafka producer, directory, blob store, life cycle. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SmtpProperties.class)
public class SmtpConfiguration {

    @Bean(destroyMethod = "close")
    InboundPublisher inboundPublisher(KafkaProperties kafka, SmtpProperties smtp,
                                      ObjectProvider<ObservationRegistry> observations) {
        return new InboundPublisher(InboundProducers.create(kafka.buildProducerProperties(), smtp.kafkaTimeout()),
                smtp.inboundTopic(), smtp.kafkaTimeout(),
                new KafkaObservations(observations.getIfAvailable(() -> ObservationRegistry.NOOP)));
    }

    /** Declared so the topic exists on a fresh broker (standalone, tests); operators may pre-create it. */
    @Bean
    NewTopic inboundTopic(SmtpProperties smtp) {
        return new NewTopic(smtp.inboundTopic(), 1, (short) 1);
    }

    /** The Environment's conversion service has no String-to-Path converter (the Binder has). */
    private static Path path(Environment env, String key) {
        String value = env.getProperty(key);
        return value == null || value.isBlank() ? null : Path.of(value);
    }

    @Bean
    SmtpServer smtpServer(SmtpProperties smtp, Environment env, ObjectProvider<Directory> directory, BlobStore blobs,
                          InboundPublisher publisher, ObjectProvider<MeterRegistry> meters) {
        SmtpProperties settings = smtp.withPlatformDefaults(
                path(env, "mail.tls.certificate"), path(env, "mail.tls.private-key"),
                env.getProperty("mail.proxy-protocol.enabled", Boolean.class, false));
        return new SmtpServer(settings, directory.getIfAvailable(UnconfiguredDirectory::new), blobs, publisher,
                meters.getIfAvailable(SimpleMeterRegistry::new), Clock.systemDefaultZone());
    }

    @Bean
    SmtpListeners smtpListeners(SmtpServer server) {
        return new SmtpListeners(server);
    }
}
