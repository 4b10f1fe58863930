package org.mailplatform.delivery.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mailplatform.delivery.DeliveryTestBase;
import org.mailplatform.delivery.support.FakeSmtpServer;
import org.mailplatform.model.InboundMessage;
import org.mailplatform.model.Principal;
import org.mailplatform.model.srs.SenderRewriting;

class OutboundDeliveryTest extends DeliveryTestBase {


    @Test
    void remoteRecipientIsRelayedOverStartTlsWithDsnParametersAndUnchangedContent() {
        Principal sender = directory.addUser(unique("sender") + "@local.test");
        String remote = unique("bob") + "@remote.test";
        String original = content("to a remote friend");
        enqueue(sender.address(), original, Instant.now(), new InboundMessage.Dsn("HDRS", "ENV 1+"),
                new InboundMessage.Recipient(remote, List.of("FAILURE", "DELAY"), "rfc822;" + remote));

        FakeSmtpServer.Received got = awaitReceived(remote, 1).getFirst();
        assertThat(got.tls()).as("opportunistic STARTTLS was used").isTrue();
        assertThat(got.mailFrom()).isEqualTo(sender.address());
        assertThat(got.mailCommand()).contains(" SIZE=" + original.length(), " BODY=8BITMIME", " RET=HDRS",
                " ENVID=ENV+201+2B");
        assertThat(got.rcptCommands().getFirst()).contains(" NOTIFY=FAILURE,DELAY", " ORCPT=rfc822;" + remote);
        assertThat(got.text()).isEqualTo(original);
    }

    @Test
    void aliasPointingOutsideIsRelayedWithTheAliasAsOriginalRecipient() {
        String alias = unique("fwd") + "@local.test";
        String remote = unique("far") + "@remote.test";
        directory.addAlias(alias, remote);
        enqueue("someone@example.org", content("forwarded"), rcpt(alias));

        FakeSmtpServer.Received got = awaitReceived(remote, 1).getFirst();
        assertThat(got.rcptCommands().getFirst()).contains("ORCPT=rfc822;" + alias);
        // the sender's domain is not ours: relayed with its SRS form, which maps back to it
        assertThat(got.mailFrom()).matches("SRS0=[A-Za-z0-9+/]{4}=[A-Z2-7]{2}=example\\.org=someone@" + SRS_DOMAIN);
        assertThat(new SenderRewriting(SRS_SECRET.getBytes(StandardCharsets.UTF_8), SRS_DOMAIN, 21, Clock.systemUTC())
                .reverse(got.mailFrom())).contains("someone@example.org");
    }

    @Test
    void mailForwardedFromTheMxCarriesTheVerdictsFieldsInFrontAndSizeCountsThem() {
        String alias = unique("checked") + "@local.test";
        String remote = unique("far") + "@remote.test";
        directory.addAlias(alias, remote);
        String fields = "Authentication-Results: mx.local.test; spf=pass smtp.mailfrom=example.org;\r\n"
                + "\tdkim=pass header.d=example.org; dmarc=pass header.from=example.org\r\n";
        String original = content("checked at the MX, then forwarded");
        enqueue("someone@example.org", original, new InboundMessage.Verdict(fields, false), rcpt(alias));

        FakeSmtpServer.Received got = awaitReceived(remote, 1).getFirst();
        assertThat(got.text()).isEqualTo(fields + original);
        assertThat(got.mailCommand()).contains(" SIZE=" + (fields.length() + original.length()) + " ");
    }

    @Test
    void malformedVerdictFieldsAreNotRelayed() {
        String alias = unique("broken") + "@local.test";
        String remote = unique("far") + "@remote.test";
        directory.addAlias(alias, remote);
        String original = content("forwarded without the broken fields");
        enqueue("someone@example.org", original,
                new InboundMessage.Verdict("Authentication-Results: mx.local.test; dkim=pass\nBcc: x@example.org", false),
                rcpt(alias));

        FakeSmtpServer.Received got = awaitReceived(remote, 1).getFirst();
        assertThat(got.text()).isEqualTo(original);
        assertThat(got.mailCommand()).contains(" SIZE=" + original.length() + " ");
    }

    @Test
    void aLocalUsersMailForwardedByAnAliasKeepsItsSender() {
        Principal sender = directory.addUser(unique("writer") + "@local.test");
        String alias = unique("list") + "@local.test";
        String remote = unique("member") + "@remote.test";
        directory.addAlias(alias, remote);
        enqueue(sender.address(), content("from a hosted domain"), rcpt(alias));

        assertThat(awaitReceived(remote, 1).getFirst().mailFrom()).isEqualTo(sender.address());
    }

    @Test
    void temporaryFailureIsRetriedOnTheScheduleUntilItSucceeds() {
        String remote = unique("busy") + "@remote.test";
        SMTP.script(remote, "451 4.3.0 try again later", "452 4.2.2 still busy");
        enqueue("someone@example.org", content("patience"), rcpt(remote));

        assertThat(awaitReceived(remote, 1)).hasSize(1);
        assertThat(SMTP.rcptAttempts().stream().filter(remote::equals)).hasSize(3);
    }

    @Test
    void permanentFailureSendsADsnToTheSenderWithTheRemoteReply() {
        Principal sender = directory.addUser(unique("sender") + "@local.test");
        String remote = unique("gone") + "@remote.test";
        String ok = unique("fine") + "@remote.test";
        SMTP.script(remote, "550 5.1.1 no such mailbox here");
        enqueue(sender.address(), content("secret body text"), Instant.now(), new InboundMessage.Dsn("HDRS", "ENV-42"),
                new InboundMessage.Recipient(remote, List.of(), "rfc822;orig-" + remote),
                new InboundMessage.Recipient(ok, List.of(), null));

        String dsn = awaitInbox(sender, 1).getFirst();
        assertThat(dsn).contains("Return-Path: <>", "From: Mail Delivery System <MAILER-DAEMON@mx.local.test>",
                "Auto-Submitted: auto-replied", "Content-Type: multipart/report; report-type=delivery-status",
                "Content-Type: message/delivery-status", "Reporting-MTA: dns; mx.local.test",
                "Original-Envelope-Id: ENV-42", "Original-Recipient: rfc822;orig-" + remote,
                "Final-Recipient: rfc822; " + remote, "Action: failed", "Status: 5.1.1",
                "Remote-MTA: dns; mx.remote.test", "Diagnostic-Code: smtp; 550 5.1.1 no such mailbox here",
                "Content-Type: text/rfc822-headers", "Subject: secret body text");
        assertThat(dsn).as("RET=HDRS returns no body").doesNotContain("A line with a dot");
        assertThat(dsn).as("only the failed recipient is reported").doesNotContain("Final-Recipient: rfc822; " + ok);
        assertThat(awaitReceived(ok, 1)).hasSize(1);
    }

    @Test
    void expiredMessageBouncesWithTheLastTemporaryError() {
        Principal sender = directory.addUser(unique("sender") + "@local.test");
        String remote = unique("slow") + "@remote.test";
        SMTP.script(remote, "451 4.4.1 no answer from host");
        enqueue(sender.address(), content("too late"), Instant.now().minus(Duration.ofHours(2)),
                new InboundMessage.Dsn(null, null), rcpt(remote));

        String dsn = awaitInbox(sender, 1).getFirst();
        assertThat(dsn).contains("Final-Recipient: rfc822; " + remote, "Action: failed", "Status: 4.4.7",
                "delivery time expired", "451 4.4.1 no answer from host", "Content-Type: message/rfc822",
                "A line with a dot");
    }

    @Test
    void nullMxDomainBouncesWith5110() {
        Principal sender = directory.addUser(unique("sender") + "@local.test");
        enqueue(sender.address(), content("nowhere"), rcpt("anyone@nullmx.test"));

        assertThat(awaitInbox(sender, 1).getFirst()).contains("Final-Recipient: rfc822; anyone@nullmx.test",
                "Status: 5.1.10");
    }

    @Test
    void noDsnIsSentForAFailureOfAMessageFromTheNullSender() {
        String remote = unique("reject") + "@remote.test";
        SMTP.script(remote, "550 5.7.1 rejected");
        double suppressedBefore = dsnCount("suppressed");
        double sentBefore = dsnCount("sent");
        enqueue("", content("a bounce that bounces"), rcpt(remote));

        await().atMost(Duration.ofSeconds(20)).until(() -> dsnCount("suppressed") > suppressedBefore);
        assertThat(SMTP.rcptAttempts()).contains(remote);
        assertThat(SMTP.receivedFor(remote)).isEmpty();
        assertThat(dsnCount("sent")).isEqualTo(sentBefore);
    }

    private double dsnCount(String outcome) {
        return meters.counter("mail.delivery.dsn", "outcome", outcome).count();
    }

    private static List<FakeSmtpServer.Received> awaitReceived(String address, int count) {
        await().atMost(Duration.ofSeconds(20)).until(() -> SMTP.receivedFor(address).size() >= count);
        return SMTP.receivedFor(address);
    }
}
