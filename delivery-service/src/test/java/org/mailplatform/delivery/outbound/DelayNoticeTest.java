package org.mailplatform.delivery.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mailplatform.delivery.DeliveryTestBase;
import org.mailplatform.model.InboundMessage;
import org.mailplatform.model.Principal;

/**
 * Delay notices (RFC 3464 {@code Action: delayed}): the test context warns after 30 minutes, so
 * messages "received" 40 minutes ago that meet a 4xx get one; the retry delay is 1s.
 */
class DelayNoticeTest extends DeliveryTestBase {


    @Test
    void aDeferredMessageGetsOneDelayNoticeForTheRecipientsThatWantOneThenIsDelivered() {
        Principal sender = directory.addUser(unique("sender") + "@local.test");
        String asked = unique("asked") + "@remote.test";
        String silent = unique("silent") + "@remote.test";
        String failureOnly = unique("failonly") + "@remote.test";
        for (String r : List.of(asked, silent, failureOnly)) {
            SMTP.script(r, "451 4.3.0 busy, try again", "452 4.2.2 still busy");
        }
        enqueue(sender.address(), content("waiting in the queue"), Instant.now().minus(Duration.ofMinutes(40)),
                new InboundMessage.Dsn("FULL", "ENV-D1"),
                new InboundMessage.Recipient(asked, List.of("DELAY", "FAILURE"), "rfc822;" + asked),
                new InboundMessage.Recipient(silent, List.of(), null),
                new InboundMessage.Recipient(failureOnly, List.of("FAILURE"), null));

        await().atMost(Duration.ofSeconds(30)).until(() -> SMTP.receivedFor(asked).size() == 1
                && SMTP.receivedFor(silent).size() == 1 && SMTP.receivedFor(failureOnly).size() == 1);
        String notice = awaitInbox(sender, 1).getFirst();
        assertThat(notice).contains("Return-Path: <>", "Subject: Delayed Mail (still being retried)",
                "Content-Type: multipart/report; report-type=delivery-status", "Original-Envelope-Id: ENV-D1",
                "Final-Recipient: rfc822; " + asked, "Original-Recipient: rfc822;" + asked,
                "Final-Recipient: rfc822; " + silent, "Action: delayed", "Status: 4.3.0",
                "Diagnostic-Code: smtp; 451 4.3.0 busy, try again", "Will-Retry-Until: ",
                "Content-Type: text/rfc822-headers", "Subject: waiting in the queue");
        assertThat(notice).as("NOTIFY=FAILURE asked for no delay notice")
                .doesNotContain("Final-Recipient: rfc822; " + failureOnly);
        assertThat(notice).as("a delay notice returns headers only, whatever RET says")
                .doesNotContain("A line with a dot");
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> inbox(sender).size() == 1);
    }

    @Test
    void noDelayNoticeBeforeTheWarningTimeNorForTheNullSender() {
        Principal sender = directory.addUser(unique("sender") + "@local.test");
        String fresh = unique("fresh") + "@remote.test";
        String bounce = unique("bounce") + "@remote.test";
        SMTP.script(fresh, "451 4.3.0 busy");
        SMTP.script(bounce, "451 4.3.0 busy");
        double sent = meters.counter("mail.delivery.dsn.delay", "outcome", "sent").count();
        double suppressed = meters.counter("mail.delivery.dsn.delay", "outcome", "suppressed").count();

        enqueue(sender.address(), content("just arrived"), rcpt(fresh));
        enqueue("", content("a bounce, old"), Instant.now().minus(Duration.ofMinutes(40)),
                new InboundMessage.Dsn(null, null), rcpt(bounce));

        await().atMost(Duration.ofSeconds(30)).until(() -> SMTP.receivedFor(fresh).size() == 1
                && SMTP.receivedFor(bounce).size() == 1);
        assertThat(meters.counter("mail.delivery.dsn.delay", "outcome", "suppressed").count())
                .as("the null sender's message was due but got no notice").isGreaterThan(suppressed);
        assertThat(meters.counter("mail.delivery.dsn.delay", "outcome", "sent").count()).isEqualTo(sent);
        assertThat(inbox(sender)).isEmpty();
    }
}
