package org.mailplatform.delivery.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.mailplatform.blob.BlobKey;
import org.mailplatform.delivery.queue.LocalDelivery;
import org.mailplatform.model.InboundMessage;
import org.mailplatform.model.Principal;
import org.mailplatform.sieve.MessageHeader;
import org.mailplatform.sieve.SieveAction;

/**
 * Vacation by users' Sieve scripts at local delivery, and {@link VacationResponder}'s reply itself:
 * whom it answers, as whom, and the header it writes.
 */
class SieveVacationTest extends SieveDeliveryTestBase {

    @Test
    void vacationRepliesOncePerSenderAndNotToListsAutoRepliesOrTheNullSender() throws Exception {
        Principal away = user("away");
        Principal sender = user("colleague");
        Principal list = user("list-member");
        Principal robot = user("robot");
        Principal last = user("last");
        activate(away, "require \"vacation\"; vacation :days 3 :subject \"Out of office\" \"Back on Monday.\";");
        double replied = sieve("vacation_replied");

        enqueue(sender.address(), message(away.address(), "question 1", ""), rcpt(away.address()));
        enqueue(sender.address(), message(away.address(), "question 2", ""), rcpt(away.address()));
        enqueue(list.address(), message(away.address(), "list post", "List-Id: <team.example.org>\r\n"),
                rcpt(away.address()));
        enqueue(robot.address(), message(away.address(), "notice", "Auto-Submitted: auto-generated\r\n"),
                rcpt(away.address()));
        enqueue("", message(away.address(), "bounce", ""), rcpt(away.address()));
        enqueue(sender.address(), message("someone-else@local.test", "bcc'd", ""), rcpt(away.address()));
        enqueue(last.address(), message(away.address(), "last one", ""), rcpt(away.address()));

        String reply = awaitInbox(last, 1).getFirst();
        assertThat(reply).startsWith("Return-Path: <>\r\n").contains("From: <" + away.address() + ">",
                "To: <" + last.address() + ">", "Subject: Out of office", "Auto-Submitted: auto-replied",
                "In-Reply-To: <", "Back on Monday.");
        await().atMost(Duration.ofSeconds(20)).until(() -> inbox(away).size() == 7);
        assertThat(inbox(sender)).as("one reply within :days").hasSize(1);
        assertThat(inbox(list)).isEmpty();
        assertThat(inbox(robot)).isEmpty();
        assertThat(sieve("vacation_replied") - replied).isEqualTo(2);
    }

    @Test
    void aVacationReplySpeaksForTheUserSoTheRelaySignsItWithTheUsersDomainKey() {
        Principal away = user("signed-away");
        byte[] original = message(away.address(), "question", "").getBytes(StandardCharsets.UTF_8);
        InboundMessage inbound = new InboundMessage("VACSIGN" + UUID.randomUUID().toString().substring(0, 8), "inbound/x",
                original.length, Instant.now(), "colleague@example.org",
                List.of(new InboundMessage.Recipient(away.address(), List.of(), null)), null, "7BIT", false, null, "t");
        LocalDelivery d = new LocalDelivery(inbound, inbound.recipients().getFirst(), away, 0, null);
        VacationResponder responder = new VacationResponder((user, sender, handle, period) -> true, bounces,
                "mx.local.test", Clock.systemUTC());

        var reply = responder.reply(d, MessageHeader.parse(original, 64 * 1024, 1000),
                new SieveAction.Vacation(7, "Away", null, List.of(), "h", "Back soon.", false)).orElseThrow();

        InboundMessage queued = json.read(reply.value(), InboundMessage.class);
        assertThat(queued.mailFrom()).isEmpty();
        assertThat(queued.client().submitter()).isEqualTo(away);
    }

    /** Found by review: a To with an encoded or UTF-8 display name hid the user from the vacation check. */
    @Test
    void aVacationFindsTheUserBehindAnyDisplayName() {
        Principal away = user("name-away");
        SieveAction.Vacation v = new SieveAction.Vacation(7, "Away", null, List.of(), "h", "Back soon.", false);
        for (String to : List.of("=?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <" + away.address() + ">",
                "=?UTF-8?Q?M=C3=BCller=2C_Hans?= <" + away.address() + ">", "\"Jürgen Müller\" <" + away.address() + ">")) {
            byte[] original = ("From: <colleague@example.org>\r\nTo: " + to + "\r\nSubject: q\r\n\r\nHi.\r\n")
                    .getBytes(StandardCharsets.UTF_8);
            InboundMessage inbound = new InboundMessage("VACNAME", "inbound/x", original.length, Instant.now(),
                    "colleague@example.org", List.of(new InboundMessage.Recipient(away.address(), List.of(), null)), null,
                    "7BIT", false, null, "t");
            LocalDelivery d = new LocalDelivery(inbound, inbound.recipients().getFirst(), away, 0, null);
            assertThat(VacationResponder.whyNot(d, MessageHeader.parse(original, 64 * 1024, 100), v)).as(to).isNull();
        }
    }

    /** The reply a responder that may always reply writes for {@code v}, as queued. */
    private String vacationReply(Principal away, String originalFields, SieveAction.Vacation v) throws Exception {
        return vacationReply(away, "colleague@example.org", originalFields, v);
    }

    private String vacationReply(Principal away, String sender, String originalFields, SieveAction.Vacation v)
            throws Exception {
        byte[] original = message(away.address(), "question", originalFields).getBytes(StandardCharsets.UTF_8);
        InboundMessage inbound = new InboundMessage("VACHDR" + UUID.randomUUID().toString().substring(0, 8), "inbound/x",
                original.length, Instant.now(), sender,
                List.of(new InboundMessage.Recipient(away.address(), List.of(), null)), null, "7BIT", false, null, "t");
        LocalDelivery d = new LocalDelivery(inbound, inbound.recipients().getFirst(), away, 0, null);
        VacationResponder responder = new VacationResponder((user, from, handle, period) -> true, bounces,
                "mx.local.test", Clock.systemUTC());
        var reply = responder.reply(d, MessageHeader.parse(original, 256 * 1024, 1000), v).orElseThrow();
        InboundMessage queued = json.read(reply.value(), InboundMessage.class);
        assertThat(queued.smtpUtf8()).as("SMTPUTF8 exactly for a UTF-8 address").isEqualTo(!sender.matches("\\p{ASCII}*"));
        try (var in = blobs.open(new BlobKey(queued.blobKey()))) {
            byte[] bytes = in.readAllBytes();
            String text = new String(bytes, StandardCharsets.UTF_8);
            for (byte b : bytes) {
                if (b < 0) {
                    assertThat(queued.body()).as("8-bit content is declared").isEqualTo("8BITMIME");
                }
            }
            return text;
        }
    }

    private static String headerOf(String message) {
        return message.substring(0, message.indexOf("\r\n\r\n") + 2);
    }

    /**
     * Found by review: a {@code :mime} entity's own header fields were copied into the reply's header, so
     * a script could add a second From (any address, signed with the user's domain key), To, Bcc...; a
     * non-ASCII {@code :from} name and a long References went out raw, 8-bit or over 998 characters.
     */
    @Test
    void aVacationReplysHeaderIsTheRespondersOwn() throws Exception {
        Principal away = user("hdr-away");
        String mime = "From: ceo@other-tenant.example\r\nBcc: victim@example.net\r\nSubject: injected\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nZurück am Montag.";
        String reply = vacationReply(away, "", new SieveAction.Vacation(7, "Away", null, List.of(), "h", mime, true));
        String header = headerOf(reply);
        assertThat(header).doesNotContain("other-tenant", "Bcc:", "injected")
                .contains("Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit");
        assertThat(header.split("\r\nFrom: ", -1)).hasSize(1);
        assertThat(reply).startsWith("From: <" + away.address() + ">\r\n").endsWith("Zurück am Montag.\r\n");

        String named = vacationReply(away, "", new SieveAction.Vacation(7, "Away", "\"Jürgen Müller\" <"
                + away.address() + ">", List.of(), "h", "Back soon.", false));
        assertThat(headerOf(named)).contains("From: =?", "?= <" + away.address() + ">\r\n").doesNotContain("ü");
        String ascii = vacationReply(away, "", new SieveAction.Vacation(7, "Away", "Juergen Mueller <"
                + away.address() + ">", List.of(), "h", "Back soon.", false));
        assertThat(headerOf(ascii)).contains("From: Juergen Mueller <" + away.address() + ">\r\n");

        // a sender with a UTF-8 address (it came with SMTPUTF8) is answered with SMTPUTF8
        String toUtf8 = vacationReply(away, "jürgen@example.org", "", new SieveAction.Vacation(7, "Away", null,
                List.of(), "h", "Back soon.", false));
        assertThat(headerOf(toUtf8)).contains("To: <jürgen@example.org>");

        String references = "References: " + "<a-long-reference-id@example.org> ".repeat(400) + "\r\n";
        String threaded = vacationReply(away, references, new SieveAction.Vacation(7, "x".repeat(2000), null,
                List.of(), "h", "Back soon.", false));
        assertThat(headerOf(threaded).split("\r\n")).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(998));
        assertThat(headerOf(threaded)).contains("References: <a-long-reference-id@example.org>", "In-Reply-To: <");
    }
}
