package org.mailplatform.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailplatform.embedded.BackendEndpoints;
import org.mailplatform.embedded.EmbeddedKafka;
import org.mailplatform.embedded.EmbeddedS3;
import org.mailplatform.model.InboundMessage;
import org.mailplatform.smtp.support.RawSmtp;
import org.mailplatform.smtp.support.SmtpFixture;
import org.mailplatform.teststack.WithTestStack;

/**
 * A 250 is a promise: when the Kafka broker or the S3 server is stopped mid-test the answer is
 * 451 4.3.0 and nothing is queued; when it is back, mail flows again. Each test runs its own
 * broker or S3 server so it can stop it without disturbing the shared stack.
 */
@WithTestStack
class DurabilityTest {

    @TempDir
    Path dir;

    @Test
    void kafkaDownMeans451AndNothingQueuedThenRecovery(BackendEndpoints stack) throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
        int port = Integer.parseInt(kafka.bootstrapServers().substring(kafka.bootstrapServers().lastIndexOf(':') + 1));
        try (SmtpFixture smtp = new SmtpFixture(kafka.bootstrapServers(), stack.s3(), Map.of("mail.smtp.kafka-timeout", "2s"))) {
            int mx = smtp.port(SmtpServer.MX);
            assertThat(RawSmtp.send(mx, "alice@example.com", "Subject: one\r\n\r\nfirst")).startsWith("250 2.0.0");

            kafka.close();
            assertThat(RawSmtp.send(mx, "alice@example.com", "Subject: two\r\n\r\nduring outage")).startsWith("451 4.3.0");

            kafka = EmbeddedKafka.start(dir.resolve("kafka"), port);
            AtomicReference<String> reply = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                reply.set(RawSmtp.send(mx, "alice@example.com", "Subject: three\r\n\r\nafter"));
                return reply.get().startsWith("250 ");
            });
            List<InboundMessage> records = smtp.records(2, Duration.ofSeconds(20));
            assertThat(records).hasSize(2);
            for (InboundMessage m : records) {
                assertThat(new String(smtp.blob(m.blobKey()))).doesNotContain("during outage");
            }
        } finally {
            kafka.close();
        }
    }

    @Test
    void s3DownMeans451AndNothingQueuedThenRecovery(BackendEndpoints stack) throws Exception {
        EmbeddedS3 s3 = EmbeddedS3.start(dir.resolve("s3"), 0, "k", "secret-key-1");
        int port = Integer.parseInt(s3.endpoint().url().substring(s3.endpoint().url().lastIndexOf(':') + 1));
        try (SmtpFixture smtp = new SmtpFixture(stack.kafkaBootstrapServers(), s3.endpoint(), Map.of())) {
            int mx = smtp.port(SmtpServer.MX);
            assertThat(RawSmtp.send(mx, "bob@example.com", "Subject: one\r\n\r\nfirst")).startsWith("250 2.0.0");

            s3.close();
            assertThat(RawSmtp.send(mx, "bob@example.com", "Subject: two\r\n\r\nduring outage")).startsWith("451 4.3.0");

            s3 = EmbeddedS3.start(dir.resolve("s3"), port, "k", "secret-key-1");
            AtomicReference<String> reply = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                reply.set(RawSmtp.send(mx, "bob@example.com", "Subject: three\r\n\r\nafter"));
                return reply.get().startsWith("250 ");
            });
            List<InboundMessage> records = smtp.records(3, Duration.ofSeconds(5));
            assertThat(records).hasSize(2);
        } finally {
            s3.close();
        }
    }
}
