package org.mailplatform.delivery.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.net.ssl.SSLContext;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mailplatform.delivery.queue.OutboundDelivery;
import org.mailplatform.delivery.support.FakeSmtpServer;
import org.mailplatform.delivery.support.TestTls;
import org.mailplatform.model.InboundMessage;

/** A smart host with AUTH PLAIN after STARTTLS, driven by {@link SmtpTransaction} directly. */
class SmartHostTest {

    private final FakeSmtpServer server = startServer();
    private final byte[] content = "Subject: via smart host\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);
    private final MessageContent body = MessageContent.of(content.length, () -> new ByteArrayInputStream(content));

    private final SmtpSessionPool sessions = new SmtpSessionPool(Duration.ofSeconds(5), 100, 1, new SimpleMeterRegistry());

    @AfterEach
    void stop() throws Exception {
        sessions.close();
        server.close();
    }

    @Test
    void authenticatesAfterStartTlsAndDelivers() throws Exception {
        server.requireAuth("relay-user", "s3cret");
        SmtpTransaction.Result r = transaction("relay-user", "s3cret").run(delivery(), "smart.test",
                new InetSocketAddress("127.0.0.1", server.port()), body);

        assertThat(r).isInstanceOf(SmtpTransaction.Answered.class);
        assertThat(((SmtpTransaction.Answered) r).recipients().values())
                .allMatch(RecipientResult.Delivered.class::isInstance);
        assertThat(server.authenticated()).containsExactly("relay-user");
        assertThat(server.received().getFirst().tls()).isTrue();
    }

    @Test
    void rejectedCredentialsFailEveryRecipientPermanentlyWith578() throws Exception {
        server.requireAuth("relay-user", "s3cret");
        SmtpTransaction.Result r = transaction("relay-user", "wrong").run(delivery(), "smart.test",
                new InetSocketAddress("127.0.0.1", server.port()), body);

        RecipientResult result = ((SmtpTransaction.Answered) r).recipients().values().iterator().next();
        assertThat(result).isInstanceOfSatisfying(RecipientResult.Permanent.class,
                p -> assertThat(p.status()).isEqualTo("5.7.8"));
        assertThat(server.received()).isEmpty();
    }

    private SmtpTransaction transaction(String user, String password) throws Exception {
        SSLContext trustAll = SSLContext.getInstance("TLS");
        trustAll.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
            }

            @Override
            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        }}, null);
        return new SmtpTransaction(new SmtpTransaction.Settings("client.test", TlsPolicy.OPPORTUNISTIC, user, password,
                Duration.ofSeconds(2), Duration.ofSeconds(5), trustAll, trustAll), sessions);
    }

    private OutboundDelivery delivery() {
        InboundMessage m = new InboundMessage("Q1", "inbound/2026/11/x", content.length, Instant.now(), "a@local.test",
                List.of(new InboundMessage.Recipient("b@far.test", List.of(), null)), null, null, false, null, "t");
        return new OutboundDelivery(m, "far.test", m.recipients(), 0, null, null);
    }

    private static FakeSmtpServer startServer() {
        try {
            return new FakeSmtpServer(TestTls.serverContext());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
