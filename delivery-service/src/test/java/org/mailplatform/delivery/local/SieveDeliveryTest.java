package org.mailplatform.delivery.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.mailplatform.blob.BlobKey;
import org.mailplatform.delivery.DeliveryTestBase;
import org.mailplatform.delivery.queue.LocalDelivery;
import org.mailplatform.delivery.stage.Outcome;
import org.mailplatform.model.InboundMessage;
import org.mailplatform.model.Principal;
import org.mailplatform.sieve.MessageHeader;
import org.mailplatform.sieve.SieveAction;
import org.mailplatform.sieve.SieveCompiler;
import org.mailplatform.sieve.SieveLimits;
import org.mailplatform.sieve.SieveRunner;
import org.mailplatform.store.sieve.SieveScripts;
import org.mailplatform.store.sieve.VacationLog;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Users' Sieve scripts at local delivery, through the running stages against the test stack's Kafka,
 * MongoDB (mailbox-store's script store and vacation log) and S3: fileinto, discard, redirect (and
 * its loop protection), reject, vacation, no script, junk and keep, and redelivery.
 */
class SieveDeliveryTest extends DeliveryTestBase {

    @Autowired
    SieveScripts scripts;
    @Autowired
    VacationLog vacations;

    private Principal user(String base) {
        return directory.addUser(unique(base) + "@local.test");
    }

    private void activate(Principal user, String script) throws Exception {
        scripts.put(user, "main", script);
        scripts.activate(user, "main");
    }

    private static String message(String to, String subject, String extraFields) {
        return "From: <sender@example.org>\r\nTo: <" + to + ">\r\nSubject: " + subject + "\r\n" + extraFields
                + "Message-ID: <" + UUID.randomUUID() + "@example.org>\r\n\r\nHello.\r\n";
    }

    private static String trace(Principal to, String sender) {
        return "Return-Path: <" + sender + ">\r\nDelivered-To: " + to.address() + "\r\n";
    }

    private static List<String> subjects(List<String> messages) {
        return messages.stream().map(m -> m.replaceAll("(?s).*?\r\nSubject: ([^\r]*)\r.*", "$1")).toList();
    }

    private double sieve(String outcome) {
        var c = meters.find("mail.delivery.sieve").tag("outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    private LocalDeliverer deliverer() {
        SieveCompiler compiler = new SieveCompiler();
        SieveFilter filter = new SieveFilter(scripts, compiler, new SieveRunner(compiler, SieveLimits.DEFAULTS), blobs,
                Duration.ofSeconds(30), 100);
        return localDeliverer(Clock.systemUTC(), LocalDeliverer.DEFAULT_REFERENCE_WINDOW,
                new LocalDeliverer.Filtering(filter,
                        new VacationResponder(vacations, bounces, "mx.local.test", Clock.systemUTC()), INBOUND));
    }

    private ConsumerRecord<String, byte[]> record(Principal to, String content, InboundMessage.Verdict verdict) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        BlobKey key = BlobKey.newFor("inbound", Instant.now());
        blobs.put(key, new ByteArrayInputStream(bytes), bytes.length);
        InboundMessage m = new InboundMessage("SV-" + unique("m"), key.value(), bytes.length, Instant.now(),
                "sender@example.org", List.of(rcpt(to.address())), new InboundMessage.Dsn(null, null), null, false,
                null, "t", verdict);
        return new ConsumerRecord<>(LOCAL, 0, 0, to.userId(), json.write(new LocalDelivery(m, rcpt(to.address()), to, 0,
                null)));
    }

    @Test
    void fileintoAnExistingMailboxAndTheRestToTheInbox() throws Exception {
        Principal user = user("file");
        store.ensureDefaultMailboxes(user);
        store.create(user, "Work/Reports");
        activate(user, "require \"fileinto\"; if header :contains \"subject\" \"report\" { fileinto \"Work/Reports\"; }");
        double filed = sieve("filed");

        enqueue("sender@example.org", message(user.address(), "weekly report", ""), rcpt(user.address()));
        enqueue("sender@example.org", message(user.address(), "hello", ""), rcpt(user.address()));

        await().atMost(Duration.ofSeconds(20)).until(() -> inbox(user).size() == 1);
        assertThat(subjects(messages(user, "Work/Reports"))).containsExactly("weekly report");
        assertThat(subjects(inbox(user))).containsExactly("hello");
        assertThat(sieve("filed") - filed).isEqualTo(1);
    }

    @Test
    void aNewUsersFirstMessageFindsTheDefaultMailboxes() throws Exception {
        Principal user = user("firstfile"); // no mailboxes yet: the first delivery creates them
        activate(user, "require \"fileinto\"; fileinto \"Archive\";");

        enqueue("sender@example.org", message(user.address(), "first", ""), rcpt(user.address()));

        await().atMost(Duration.ofSeconds(20)).until(() -> messages(user, "Archive").size() == 1);
        assertThat(subjects(messages(user, "Archive"))).containsExactly("first");
        assertThat(inbox(user)).isEmpty();
    }

    @Test
    void fileintoAMissingMailboxKeepsInTheInbox() throws Exception {
        Principal user = user("nofolder");
        activate(user, "require \"fileinto\"; fileinto \"Does/Not/Exist\";");

        enqueue("sender@example.org", message(user.address(), "typo", ""), rcpt(user.address()));

        assertThat(subjects(awaitInbox(user, 1))).containsExactly("typo");
        assertThat(store.find(user, "Does/Not/Exist")).as("not created, as without :create").isEmpty();
    }

    @Test
    void discardStoresNothing() throws Exception {
        Principal user = user("discard");
        activate(user, "if header :contains \"subject\" \"spam\" { discard; }");
        double discarded = sieve("discarded");

        enqueue("sender@example.org", message(user.address(), "cheap spam", ""), rcpt(user.address()));
        enqueue("sender@example.org", message(user.address(), "after", ""), rcpt(user.address()));

        // one user's mail is delivered in order: once "after" is in, the first was handled
        assertThat(subjects(awaitInbox(user, 1))).containsExactly("after");
        assertThat(sieve("discarded") - discarded).isEqualTo(1);
    }

    @Test
    void redirectToAnotherLocalUserReachesThemThroughTheRouter() throws Exception {
        Principal from = user("redir-a");
        Principal to = user("redir-b");
        activate(from, "redirect \"" + to.address() + "\";");
        String body = message(from.address(), "passed on", "");

        enqueue("sender@example.org", body, rcpt(from.address()));

        String received = awaitInbox(to, 1).getFirst();
        assertThat(received).as("the same message, with the redirecting user's Delivered-To")
                .isEqualTo(trace(to, "sender@example.org") + "Delivered-To: " + from.address() + "\r\n" + body);
        assertThat(inbox(from)).as("redirect cancels the implicit keep").isEmpty();
    }

    /**
     * Found by review: a redirect to an internationalised address went out as the script wrote it, a
     * U-label domain (not a name DNS can look up) and a UTF-8 local part on a copy not marked SMTPUTF8,
     * which the relay would send in RCPT TO to a server never asked whether it takes UTF-8.
     */
    @Test
    void aRedirectToAnInternationalisedAddressIsRoutableAndMarkedSmtpUtf8() throws Exception {
        Principal user = user("redir-idn");
        activate(user, "redirect \"jürgen@bücher.example\"; redirect \"info@bücher.example\";");

        Outcome o = deliverer().handle(record(user, message(user.address(), "abroad", ""), null));

        List<InboundMessage> copies = ((Outcome.Done) o).output().stream().filter(r -> r.topic().equals(INBOUND))
                .map(r -> json.read(r.value(), InboundMessage.class)).toList();
        assertThat(copies).extracting(m -> m.recipients().getFirst().address(), InboundMessage::smtpUtf8)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("jürgen@xn--bcher-kva.example", true),
                        org.assertj.core.groups.Tuple.tuple("info@xn--bcher-kva.example", false));
    }

    @Test
    void aRedirectLoopIsStoppedAndTheMessageKept() throws Exception {
        Principal a = user("loop-a");
        Principal b = user("loop-b");
        activate(a, "redirect \"" + b.address() + "\";");
        activate(b, "redirect \"" + a.address() + "\";");
        double looped = sieve("redirect_looped");

        enqueue("sender@example.org", message(a.address(), "ping pong", ""), rcpt(a.address()));

        // a -> b -> a: a finds its own Delivered-To and keeps the message
        String kept = awaitInbox(a, 1).getFirst();
        assertThat(kept).contains("Delivered-To: " + b.address(), "Delivered-To: " + a.address());
        assertThat(sieve("redirect_looped") - looped).isEqualTo(1);
        assertThat(inbox(b)).isEmpty();
        assertThat(inbox(a)).hasSize(1);
    }

    @Test
    void rejectSendsADsnToTheSenderAndStoresNothing() throws Exception {
        Principal sender = user("rej-sender");
        Principal user = user("rejecter");
        activate(user, "require \"reject\"; reject \"I do not want this.\";");

        enqueue(sender.address(), message(user.address(), "unwanted", ""), rcpt(user.address()));

        String dsn = awaitInbox(sender, 1).getFirst();
        assertThat(dsn).contains("Return-Path: <>", "multipart/report", "Status: 5.7.1",
                "rejected by the recipient's filter: I do not want this.");
        assertThat(inbox(user)).isEmpty();
    }

    /**
     * Found by review: a reject reason went into the DSN as written, non-ASCII text in a 7-bit report
     * (also in its Diagnostic-Code field) and a long reason as one line past 998 characters.
     */
    @Test
    void aRejectReasonIsFitForTheReport() throws Exception {
        Principal sender = user("rej-sender-8");
        Principal user = user("rejecter-8");
        activate(user, "require \"reject\"; reject \"Nein, ich möchte das nicht. " + "bla ".repeat(500) + "\";");

        enqueue(sender.address(), message(user.address(), "unwanted", ""), rcpt(user.address()));

        String dsn = awaitInbox(sender, 1).getFirst();
        assertThat(dsn).contains("Status: 5.7.1", "rejected by the recipient's filter: Nein, ich m?chte das nicht. bla");
        assertThat(dsn.chars()).allMatch(c -> c < 0x80);
        assertThat(dsn.split("\r\n")).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(998));
    }

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

    @Test
    void withoutAScriptDeliveryIsUnchanged() {
        Principal user = user("plain");
        String body = message(user.address(), "as before", "");

        enqueue("sender@example.org", body, rcpt(user.address()));

        assertThat(awaitInbox(user, 1)).containsExactly(trace(user, "sender@example.org") + body);
    }

    @Test
    void keepOfAJunkVerdictFilesInJunk() throws Exception {
        Principal user = user("junk-keep");
        store.ensureDefaultMailboxes(user);
        activate(user, "keep;");
        String fields = "Authentication-Results: mx.local.test; dmarc=fail (p=quarantine) header.from=example.org\r\n";

        Outcome o = deliverer().handle(record(user, message(user.address(), "quarantined", ""),
                new InboundMessage.Verdict(fields, true)));

        assertThat(o).isInstanceOf(Outcome.Done.class);
        assertThat(subjects(messages(user, "Junk"))).containsExactly("quarantined");
        assertThat(inbox(user)).isEmpty();
    }

    @Test
    void aRedeliveredRecordStoresNothingTwice() throws Exception {
        Principal user = user("twice");
        store.ensureDefaultMailboxes(user);
        store.create(user, "Work");
        activate(user, "require \"fileinto\"; fileinto \"Work\"; keep;");
        ConsumerRecord<String, byte[]> r = record(user, message(user.address(), "once", ""), null);

        assertThat(deliverer().handleTogether(List.of(r, r))).as("a user with a script: one by one").isEmpty();
        deliverer().handle(r);
        deliverer().handle(r);

        assertThat(subjects(messages(user, "Work"))).containsExactly("once");
        assertThat(subjects(inbox(user))).containsExactly("once");
    }
}
