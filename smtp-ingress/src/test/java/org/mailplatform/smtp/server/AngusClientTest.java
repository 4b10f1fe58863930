package org.mailplatform.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailplatform.embedded.BackendEndpoints;
import org.mailplatform.model.InboundMessage;
import org.mailplatform.smtp.support.SmtpFixture;
import org.mailplatform.smtp.support.TestDirectory;
import org.mailplatform.teststack.WithTestStack;

/** Angus Mail (Jakarta Mail) as a real client, against real Kafka and S3; records and blobs checked byte for byte. */
@WithTestStack
class AngusClientTest {

    static SmtpFixture smtp;

    @BeforeAll
    static void start(BackendEndpoints stack) {
        smtp = new SmtpFixture(stack, Map.of());
    }

    @AfterAll
    static void stop() {
        smtp.close();
    }

    record Sent(InboundMessage record, byte[] wire, byte[] blob) {
        String receivedHeader() {
            return new String(blob, 0, blob.length - wire.length, StandardCharsets.UTF_8);
        }
    }

    private Sent send(Properties props, String protocol, MimeMessage message, String user, String password) throws Exception {
        message.saveChanges();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        message.writeTo(wire);
        byte[] written = wire.toByteArray();
        if (written.length < 2 || written[written.length - 2] != '\r' || written[written.length - 1] != '\n') {
            wire.write(new byte[] {'\r', '\n'}); // SMTP data always ends with CRLF before the final dot
        }
        try (Transport transport = message.getSession().getTransport(protocol)) {
            if (user == null) {
                transport.connect();
            } else {
                transport.connect(user, password);
            }
            transport.sendMessage(message, message.getAllRecipients());
        }
        List<InboundMessage> records = smtp.records(1, Duration.ofSeconds(10));
        assertThat(records).hasSize(1);
        InboundMessage record = records.getFirst();
        // queued bodies are bucketed by the hour, so delivery's sweeper lists one hour at a time
        assertThat(record.blobKey()).matches("inbound/\\d{4}/\\d{2}/\\d{2}/\\d{2}/[0-9a-f-]{36}");
        byte[] blob = smtp.blob(record.blobKey());
        assertThat(record.size()).isEqualTo(blob.length);
        byte[] tail = Arrays.copyOfRange(blob, blob.length - wire.size(), blob.length);
        assertThat(tail).as("blob ends with exactly the bytes the client sent").isEqualTo(wire.toByteArray());
        return new Sent(record, wire.toByteArray(), blob);
    }

    private static MimeMessage message(Properties props, String from, String to, String subject, String text) throws MessagingException {
        MimeMessage m = new MimeMessage(Session.getInstance(props));
        m.setFrom(new InternetAddress(from));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        m.setSubject(subject, "UTF-8");
        m.setText(text, "UTF-8");
        return m;
    }

    @Test
    void mxAcceptsMailForALocalUserAndQueuesTheExactBytes() throws Exception {
        Properties props = smtp.mailProperties(SmtpServer.MX);
        Sent sent = send(props, "smtp", message(props, "sender@remote.example", "alice@example.com", "hello", "Hi Alice.\r\n.leading dot line\r\n"), null, null);
        assertThat(sent.record().mailFrom()).isEqualTo("sender@remote.example");
        assertThat(sent.record().recipients()).extracting(InboundMessage.Recipient::address).containsExactly("alice@example.com");
        assertThat(sent.record().client().listener()).isEqualTo("mx");
        assertThat(sent.record().client().tls()).isNull();
        assertThat(sent.record().client().helo()).isEqualTo("client.test.example");
        assertThat(sent.record().inlineBytes()).as("a small message's record carries its exact bytes")
                .isEqualTo(sent.blob());
        assertThat(sent.receivedHeader())
                .startsWith("Received: from client.test.example (unknown [127.0.0.1])\r\n\tby mx.test.example (mail-platform) with ESMTP id " + sent.record().id())
                .contains("\tfor <alice@example.com>; ")
                .endsWith("\r\n");
    }

    @Test
    void submissionWithStartTlsAndAuthRelaysToARemoteAddress() throws Exception {
        Properties props = smtp.mailProperties(SmtpServer.SUBMISSION);
        props.put("mail.smtp.starttls.enable", "true");
        props.put("mail.smtp.starttls.required", "true");
        props.put("mail.smtp.auth", "true");
        Sent sent = send(props, "smtp", message(props, "alice@example.com", "friend@remote.example", "out", "bye"),
                TestDirectory.ALICE.address(), TestDirectory.ALICE_PASSWORD);
        assertThat(sent.record().client().submitter()).isEqualTo(TestDirectory.ALICE);
        assertThat(sent.record().client().tls()).startsWith("TLSv1.3 ");
        assertThat(sent.receivedHeader()).contains("with ESMTPSA id").contains("(using TLSv1.3 with cipher ")
                .contains("(authenticated sender: alice@example.com)");
    }

    @Test
    void smtpsSpeaksTlsFromTheFirstByte() throws Exception {
        Properties props = smtp.mailProperties(SmtpServer.SMTPS);
        props.put("mail.smtps.auth", "true");
        Sent sent = send(props, "smtps", message(props, "alice@example.com", "bob@example.com", "tls", "secret stuff"),
                TestDirectory.ALICE.address(), TestDirectory.ALICE_PASSWORD);
        assertThat(sent.record().client().listener()).isEqualTo("smtps");
        assertThat(sent.record().client().tls()).startsWith("TLSv1.");
    }

    @Test
    void eightBitMimeBodiesArriveUnchanged() throws Exception {
        Properties props = smtp.mailProperties(SmtpServer.MX);
        props.put("mail.smtp.allow8bitmime", "true");
        SMTPMessage m = new SMTPMessage(Session.getInstance(props));
        m.setFrom(new InternetAddress("sender@remote.example"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress("bob@example.com"));
        m.setSubject("Grüße", "UTF-8");
        m.setText("Grüße aus Köln\r\n", "UTF-8");
        m.setHeader("Content-Transfer-Encoding", "8bit");
        m.setMailExtension("BODY=8BITMIME");
        Sent sent = send(props, "smtp", m, null, null);
        assertThat(sent.record().body()).isEqualTo("8BITMIME");
        assertThat(new String(sent.blob(), StandardCharsets.UTF_8)).contains("Grüße aus Köln");
    }

    @Test
    void smtpUtf8AddressesAreAccepted() throws Exception {
        Properties props = smtp.mailProperties(SmtpServer.MX);
        props.put("mail.mime.allowutf8", "true");
        Sent sent = send(props, "smtp", message(props, "jörg@remote.example", "jürgen@example.com", "utf8", "hallo"), null, null);
        assertThat(sent.record().smtpUtf8()).isTrue();
        assertThat(sent.record().mailFrom()).isEqualTo("jörg@remote.example");
        assertThat(sent.record().recipients().getFirst().address()).isEqualTo("jürgen@example.com");
        assertThat(sent.receivedHeader()).contains("with UTF8SMTP id");
    }

    @Test
    void aLargeMessageIsStreamedToStorageWhole() throws Exception {
        Properties props = smtp.mailProperties(SmtpServer.MX);
        String line = "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz\r\n";
        String text = line.repeat(12 * 1024 * 1024 / line.length());
        Sent sent = send(props, "smtp", message(props, "sender@remote.example", "alice@example.com", "big", text), null, null);
        assertThat(sent.record().size()).isGreaterThan(12L * 1024 * 1024);
        assertThat(sent.record().content()).as("beyond limits.inline-body-max the blob alone has the bytes").isNull();
    }

    @Test
    void wrongPasswordIsRefused() {
        Properties props = smtp.mailProperties(SmtpServer.SUBMISSION);
        props.put("mail.smtp.starttls.enable", "true");
        props.put("mail.smtp.auth", "true");
        assertThatThrownBy(() -> {
            try (Transport t = Session.getInstance(props).getTransport("smtp")) {
                t.connect(TestDirectory.ALICE.address(), "wrong");
            }
        }).isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void submissionWithoutAuthIsRefused() throws Exception {
        Properties props = smtp.mailProperties(SmtpServer.SUBMISSION);
        MimeMessage m = message(props, "alice@example.com", "friend@remote.example", "x", "y");
        assertThatThrownBy(() -> Transport.send(m)).isInstanceOf(MessagingException.class)
                .hasStackTraceContaining("530 5.7.0 Authentication required");
    }
}
