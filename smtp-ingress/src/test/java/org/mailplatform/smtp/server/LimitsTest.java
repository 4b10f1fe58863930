package org.mailplatform.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailplatform.embedded.BackendEndpoints;
import org.mailplatform.smtp.support.RawSmtp;
import org.mailplatform.smtp.support.SmtpFixture;
import org.mailplatform.smtp.support.TestDirectory;
import org.mailplatform.teststack.WithTestStack;

/** Limits that need time or several connections: timeouts, per-address connections, per-user rate. */
@WithTestStack
class LimitsTest {

    static SmtpFixture smtp;

    @BeforeAll
    static void start(BackendEndpoints stack) {
        smtp = new SmtpFixture(stack, Map.of(
                "mail.smtp.limits.idle-timeout", "1s",
                "mail.smtp.limits.data-timeout", "1500ms",
                "mail.smtp.limits.max-connections-per-address", "3",
                "mail.smtp.limits.messages-per-hour", "1"));
    }

    @AfterAll
    static void stop() {
        smtp.close();
    }

    record Conn(Socket socket, BufferedReader in, OutputStream out) implements AutoCloseable {
        static Conn open(int port) throws Exception {
            Socket s = new Socket("127.0.0.1", port);
            s.setSoTimeout(10_000);
            return new Conn(s, new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)), s.getOutputStream());
        }

        String line() throws Exception {
            return in.readLine();
        }

        void send(String text) throws Exception {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }

    @Test
    void silentClientIsDisconnectedAfterTheIdleTimeout() throws Exception {
        try (Conn c = Conn.open(smtp.port(SmtpServer.MX))) {
            assertThat(c.line()).startsWith("220 ");
            long t0 = System.nanoTime();
            assertThat(c.line()).isEqualTo("421 4.4.2 mx.test.example Timeout, closing connection");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
            assertThat(c.line()).isNull();
        }
    }

    @Test
    void clientThatStallsInsideDataIsCutAndNothingIsQueued() throws Exception {
        try (Conn c = Conn.open(smtp.port(SmtpServer.MX))) {
            c.line();
            c.send("HELO slow.example\r\nMAIL FROM:<s@remote.example>\r\nRCPT TO:<alice@example.com>\r\nDATA\r\n");
            c.line();
            c.line();
            c.line();
            assertThat(c.line()).startsWith("354 ");
            c.send("Subject: slow\r\n\r\nhalf a mess");
            assertThat(c.line()).startsWith("421 4.4.2");
        }
        assertThat(smtp.records(1, Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void connectionsBeyondThePerAddressLimitAreRefusedWith421() throws Exception {
        // connections of earlier tests may still be closing on the server side
        await().atMost(Duration.ofSeconds(10)).until(() -> smtp.meters.find("mail.protocol.connections.active")
                .gauges().stream().mapToDouble(g -> g.value()).sum() == 0);
        // the per-address count of a closed connection is released after the active gauge drops,
        // so the whole exchange is retried until no earlier connection is counted any more
        await().atMost(Duration.ofSeconds(15)).untilAsserted(this::fourthConnectionFromOneAddressIsRefused);
    }

    private void fourthConnectionFromOneAddressIsRefused() throws Exception {
        try (Conn a = Conn.open(smtp.port(SmtpServer.MX)); Conn b = Conn.open(smtp.port(SmtpServer.MX));
             Conn c = Conn.open(smtp.port(SmtpServer.MX)); Conn d = Conn.open(smtp.port(SmtpServer.MX))) {
            assertThat(a.line()).startsWith("220 ");
            assertThat(b.line()).startsWith("220 ");
            assertThat(c.line()).startsWith("220 ");
            assertThat(d.line()).isEqualTo("421 4.7.0 mx.test.example Too many connections, try again later");
            assertThat(d.line()).isNull();
        }
    }

    @Test
    void aUserOverTheHourlySendingRateGets450() throws Exception {
        String plain = Base64.getEncoder().encodeToString(
                ("\0" + TestDirectory.ALICE.address() + "\0" + TestDirectory.ALICE_PASSWORD).getBytes(StandardCharsets.UTF_8));
        try (Conn c = Conn.open(smtp.port(SmtpServer.SUBMISSION))) {
            c.line();
            c.send("HELO me.example\r\nAUTH PLAIN " + plain + "\r\n");
            c.line();
            assertThat(c.line()).startsWith("235 ");
            c.send("MAIL FROM:<alice@example.com>\r\nRCPT TO:<bob@example.com>\r\nDATA\r\n");
            assertThat(c.line()).startsWith("250 ");
            assertThat(c.line()).startsWith("250 ");
            assertThat(c.line()).startsWith("354 ");
            c.send("Subject: one\r\n\r\nx\r\n.\r\n");
            assertThat(c.line()).startsWith("250 2.0.0 Ok: queued as ");
            c.send("MAIL FROM:<alice@example.com>\r\n");
            assertThat(c.line()).isEqualTo("450 4.7.1 Sending rate exceeded, try again later");
        }
        smtp.records(1, Duration.ofSeconds(5));
        assertThat(smtp.meters.get("mail.smtp.messages").tag("listener", "submission").tag("outcome", "queued")
                .counter().count()).isEqualTo(1);
    }

    @Test
    void mxMessagesAreCountedByOutcome() throws Exception {
        assertThat(RawSmtp.send(smtp.port(SmtpServer.MX), "bob@example.com", "Subject: m\r\n\r\nmetrics")).startsWith("250 ");
        smtp.records(1, Duration.ofSeconds(5));
        assertThat(smtp.meters.get("mail.smtp.messages").tag("listener", "mx").tag("outcome", "queued").counter().count())
                .isGreaterThanOrEqualTo(1);
        assertThat(smtp.meters.get("mail.protocol.commands").tag("protocol", "smtp").tag("command", "DATA").timers()).isNotEmpty();
    }
}
