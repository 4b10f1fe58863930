package org.mailplatform.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailplatform.directory.client.SubmissionAllowance;
import org.mailplatform.embedded.BackendEndpoints;
import org.mailplatform.smtp.support.SmtpFixture;
import org.mailplatform.smtp.support.TestDirectory;
import org.mailplatform.smtp.support.Transcript;
import org.mailplatform.teststack.WithTestStack;

/**
 * The per-user rate at MAIL FROM on submission: auth-service's cluster-wide counters decide, this
 * node's limiter (1 message an hour here) only when the directory cannot answer. A fresh server
 * per test, so the node's own counts start at zero.
 */
@WithTestStack
class SubmissionRateTest {

    static final SubmissionAllowance LIMITED = new SubmissionAllowance.Limited(SubmissionAllowance.Window.HOUR, 200,
            Instant.parse("2026-03-01T14:00:00Z"));

    SmtpFixture smtp;

    @BeforeEach
    void start(BackendEndpoints stack) {
        smtp = new SmtpFixture(stack, Map.of("mail.smtp.limits.messages-per-hour", "1"), new TestDirectory());
    }

    @AfterEach
    void stop() {
        smtp.close();
    }

    void transcript(String name) throws Exception {
        Transcript.run(Path.of(SubmissionRateTest.class.getResource("/submission-rate/" + name).toURI()), smtp::port);
    }

    @Test
    void overTheClusterLimitMailGets450AndAForeignSenderReservesNothing() throws Exception {
        smtp.directory.submissions(p -> LIMITED);
        transcript("cluster-limited.txt");
        assertThat(smtp.directory.reservations()).as("only the sender the user owns was reserved").isEqualTo(1);
    }

    @Test
    void theClusterAnswerDecidesOverTheNodeLimit() throws Exception {
        smtp.directory.submissions(p -> new SubmissionAllowance.Allowed(1, 1));
        transcript("cluster-allowed.txt");
        assertThat(smtp.records(2, Duration.ofSeconds(10))).hasSize(2);
        assertThat(smtp.directory.reservations()).isEqualTo(2);
    }

    @Test
    void withTheDirectoryDownTheNodeLimiterApplies() throws Exception {
        transcript("directory-down.txt");
        assertThat(smtp.records(1, Duration.ofSeconds(10))).hasSize(1);
        assertThat(smtp.directory.reservations()).isEqualTo(2);
    }

    @Test
    void angusMailSeesTheTemporaryRefusal() throws Exception {
        smtp.directory.submissions(p -> LIMITED);
        java.util.Properties props = smtp.mailProperties(SmtpServer.SUBMISSION);
        props.put("mail.smtp.starttls.enable", "true");
        props.put("mail.smtp.auth", "true");
        Session session = Session.getInstance(props);
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(TestDirectory.ALICE.address()));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("friend@remote.example"));
        message.setSubject("over the limit");
        message.setText("x");
        message.saveChanges();
        SMTPSendFailedException refused = catchThrowableOfType(SMTPSendFailedException.class, () -> {
            try (Transport transport = session.getTransport("smtp")) {
                transport.connect(TestDirectory.ALICE.address(), TestDirectory.ALICE_PASSWORD);
                transport.sendMessage(message, message.getAllRecipients());
            }
        });
        assertThat(refused.getReturnCode()).isEqualTo(450);
        assertThat(refused.getMessage()).contains("4.7.1 Sending rate exceeded, try again later");
        assertThat(smtp.records(1, Duration.ofSeconds(2))).isEmpty();
    }
}
