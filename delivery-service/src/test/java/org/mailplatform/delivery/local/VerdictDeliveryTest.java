package org.mailplatform.delivery.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.mailplatform.blob.BlobKey;
import org.mailplatform.delivery.DeliveryTestBase;
import org.mailplatform.delivery.queue.LocalDelivery;
import org.mailplatform.delivery.stage.Outcome;
import org.mailplatform.model.InboundMessage;
import org.mailplatform.model.Principal;
import org.mailplatform.store.MessageContent;
import org.mailplatform.store.MessageMeta;
import org.mailplatform.store.MessageRange;
import org.mailplatform.store.SpecialUse;

/**
 * The intake's verdict at local delivery, against the test stack's Kafka, MongoDB and S3: its fields
 * follow {@code Return-Path} and {@code Delivered-To} in the stored message (by reference and
 * copied), served with their size; junk goes to the {@code \Junk} mailbox, or the INBOX without one;
 * one user's batch is split where the target mailbox changes; malformed fields are dropped; a record
 * without a verdict is stored as before.
 */
class VerdictDeliveryTest extends DeliveryTestBase {

    private static final String FIELDS = "Authentication-Results: mx.local.test;\r\n"
            + "\tspf=pass smtp.mailfrom=example.org;\r\n"
            + "\tdkim=pass header.d=example.org; dmarc=pass header.from=example.org\r\n";
    private static final String QUARANTINED = "Authentication-Results: mx.local.test; spf=fail"
            + " smtp.mailfrom=example.org; dkim=none; dmarc=fail (p=quarantine) header.from=example.org\r\n";

    private static String trace(Principal to) {
        return "Return-Path: <sender@example.org>\r\nDelivered-To: " + to.address() + "\r\n";
    }

    private LocalDelivery delivery(Principal to, String content, InboundMessage.Verdict verdict, Instant receivedAt) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        BlobKey key = BlobKey.newFor("inbound", Instant.now());
        blobs.put(key, new ByteArrayInputStream(bytes), bytes.length);
        InboundMessage m = new InboundMessage("VD-" + unique("m"), key.value(), bytes.length, receivedAt,
                "sender@example.org", List.of(rcpt(to.address())), new InboundMessage.Dsn(null, null), null, false,
                null, "t", verdict);
        return new LocalDelivery(m, rcpt(to.address()), to, 0, null);
    }

    private ConsumerRecord<String, byte[]> record(Principal to, String subject, InboundMessage.Verdict verdict) {
        return new ConsumerRecord<>(LOCAL, 0, 0, to.userId(),
                json.write(delivery(to, content(subject), verdict, Instant.now())));
    }

    private static List<String> subjects(List<String> messages) {
        return messages.stream().map(m -> m.replaceAll("(?s).*Subject: ([^\r]*)\r.*", "$1")).toList();
    }

    private double junkFiled(String mailbox) {
        var c = meters.find("mail.delivery.local.junk").tag("mailbox", mailbox).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void theVerdictsFieldsFollowTheTraceHeadersAndImapAndPop3ServeThemWithTheirSize() throws Exception {
        Principal user = directory.addUser(unique("verdict") + "@local.test");
        String body = content("authenticated");
        InboundMessage queued = enqueue("sender@example.org", body, new InboundMessage.Verdict(FIELDS, false),
                rcpt(user.address()));

        String stored = awaitInbox(user, 1).getFirst();

        assertThat(stored).isEqualTo(trace(user) + FIELDS + body);
        MessageMeta meta = inboxMeta(user).getFirst();
        assertThat(meta.blobKey()).as("still stored by reference").isEqualTo(queued.blobKey());
        assertThat(meta.size()).isEqualTo(stored.getBytes(StandardCharsets.UTF_8).length);
        // POP3 reads through fetchContents, IMAP through openContent: the same bytes
        MessageContent pop3 = store.fetchContents(user, "INBOX", MessageRange.all()).getFirst();
        try (InputStream in = pop3.open()) {
            byte[] bytes = in.readAllBytes();
            assertThat(bytes).hasSize((int) pop3.meta().size());
            assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(stored);
        }
        assertThat(store.find(user, "Junk").orElseThrow().messages()).isZero();
    }

    @Test
    void aCopiedMessageCarriesTheFieldsToo() {
        Principal user = directory.addUser(unique("verdict-copy") + "@local.test");
        String body = content("replayed late");
        LocalDelivery old = delivery(user, body, new InboundMessage.Verdict(FIELDS, false),
                Instant.now().minus(LocalDeliverer.DEFAULT_REFERENCE_WINDOW).minusSeconds(60));

        Outcome o = localDeliverer().handle(new ConsumerRecord<>(LOCAL, 0, 0, user.userId(), json.write(old)));

        assertThat(o).isInstanceOf(Outcome.Done.class);
        assertThat(inboxMeta(user)).singleElement().satisfies(m -> assertThat(m.blobKey())
                .isNotEqualTo(old.message().blobKey()));
        assertThat(inbox(user)).containsExactly(trace(user) + FIELDS + body);
        assertThat(inboxMeta(user).getFirst().size()).isEqualTo((trace(user) + FIELDS + body).length());
    }

    @Test
    void junkLandsInTheJunkMailboxAndNotTheInbox() {
        Principal user = directory.addUser(unique("junk") + "@local.test");
        String body = content("quarantined");
        double before = junkFiled("junk");

        // a first delivery: the mailboxes are created, then the Junk one is used
        enqueue("sender@example.org", body, new InboundMessage.Verdict(QUARANTINED, true), rcpt(user.address()));

        await().atMost(Duration.ofSeconds(20)).until(() -> messages(user, "Junk").size() == 1);
        assertThat(messages(user, "Junk")).containsExactly(trace(user) + QUARANTINED + body);
        assertThat(inbox(user)).isEmpty();
        assertThat(junkFiled("junk") - before).isEqualTo(1);
    }

    @Test
    void junkForAUserWhoDeletedTheJunkMailboxLandsInTheInbox() {
        Principal user = directory.addUser(unique("nojunk") + "@local.test");
        store.ensureDefaultMailboxes(user);
        store.delete(user, "Junk");
        double before = junkFiled("inbox");

        Outcome o = localDeliverer().handle(record(user, "no junk folder", new InboundMessage.Verdict(QUARANTINED, true)));

        assertThat(o).isInstanceOf(Outcome.Done.class);
        assertThat(subjects(inbox(user))).containsExactly("no junk folder");
        assertThat(store.find(user, "Junk")).as("the user's choice stands: not created again").isEmpty();
        assertThat(junkFiled("inbox") - before).isEqualTo(1);
    }

    @Test
    void junkFollowsTheJunkMailboxUnderItsNewName() {
        Principal user = directory.addUser(unique("spam") + "@local.test");
        store.ensureDefaultMailboxes(user);
        store.rename(user, "Junk", "Spam");
        assertThat(store.find(user, "Spam").orElseThrow().specialUse()).isEqualTo(SpecialUse.JUNK);

        localDeliverer().handle(record(user, "renamed", new InboundMessage.Verdict(QUARANTINED, true)));

        assertThat(subjects(messages(user, "Spam"))).containsExactly("renamed");
        assertThat(inbox(user)).isEmpty();
    }

    @Test
    void aBatchStopsWhereTheTargetMailboxChanges() {
        Principal user = directory.addUser(unique("split") + "@local.test");
        store.ensureDefaultMailboxes(user);
        InboundMessage.Verdict junk = new InboundMessage.Verdict(QUARANTINED, true);
        List<ConsumerRecord<String, byte[]>> records = List.of(record(user, "junk 1", junk),
                record(user, "junk 2", junk), record(user, "clean", new InboundMessage.Verdict(FIELDS, false)),
                record(user, "junk 3", junk));

        List<Outcome> together = localDeliverer().handleTogether(records);

        assertThat(together).as("the two junk records before the clean one").hasSize(2)
                .allSatisfy(o -> assertThat(o).isInstanceOf(Outcome.Done.class));
        assertThat(subjects(messages(user, "Junk"))).containsExactly("junk 1", "junk 2");
        assertThat(inbox(user)).isEmpty();
        // as the stage does with the records after what was settled together
        assertThat(localDeliverer().handleTogether(records.subList(2, 4))).isEmpty();
        records.subList(2, 4).forEach(r -> assertThat(localDeliverer().handle(r)).isInstanceOf(Outcome.Done.class));
        assertThat(subjects(messages(user, "Junk"))).containsExactly("junk 1", "junk 2", "junk 3");
        assertThat(subjects(inbox(user))).containsExactly("clean");
    }

    @Test
    void oneUsersMixedRecordsThroughTheStageAreEachStoredOnceInTheirMailbox() {
        Principal user = directory.addUser(unique("mixed") + "@local.test");
        store.ensureDefaultMailboxes(user);
        InboundMessage.Verdict junk = new InboundMessage.Verdict(QUARANTINED, true);
        List<LocalDelivery> deliveries = new ArrayList<>();
        for (String subject : List.of("j1", "c1", "j2", "j3", "c2")) {
            deliveries.add(delivery(user, content(subject), subject.startsWith("j") ? junk
                    : new InboundMessage.Verdict(FIELDS, false), Instant.now()));
        }
        deliveries.add(delivery(user, content("c3"), null, Instant.now()));
        // all of them twice, as after a crash before the commit: one key, so in order on one partition
        for (int round = 0; round < 2; round++) {
            deliveries.forEach(d -> send(LOCAL, user.userId(), json.write(d)));
        }
        LocalDelivery last = delivery(user, content("last"), null, Instant.now());
        send(LOCAL, user.userId(), json.write(last));

        await().atMost(Duration.ofSeconds(20)).until(() -> subjects(inbox(user)).contains("last"));
        assertThat(subjects(messages(user, "Junk"))).containsExactly("j1", "j2", "j3");
        assertThat(subjects(inbox(user))).containsExactly("c1", "c2", "c3", "last");
        assertThat(inbox(user).get(2)).as("no verdict: as before").startsWith(trace(user) + "From: ");
    }

    @Test
    void aRecordWithoutAVerdictIsStoredAsBefore() {
        Principal user = directory.addUser(unique("plain") + "@local.test");
        String body = content("no verdict");
        LocalDelivery d = delivery(user, body, null, Instant.now());

        localDeliverer().handle(new ConsumerRecord<>(LOCAL, 0, 0, user.userId(), json.write(d)));

        assertThat(inbox(user)).containsExactly(trace(user) + body);
        assertThat(inboxMeta(user).getFirst().size()).isEqualTo((trace(user) + body).length());
    }

    @Test
    void malformedFieldsAreDroppedAndTheMessageDelivered() {
        Principal user = directory.addUser(unique("malformed") + "@local.test");
        String bareLf = "Authentication-Results: mx.local.test; dkim=pass\nBcc: injected@example.org\r\n";
        String noFinalCrlf = "Authentication-Results: mx.local.test; dkim=pass";
        String emptyLine = "Authentication-Results: mx.local.test; dkim=pass\r\n\r\n";
        List<String> bodies = new ArrayList<>();
        for (String fields : List.of(bareLf, noFinalCrlf, emptyLine)) {
            String body = content("malformed " + bodies.size());
            bodies.add(body);
            LocalDelivery d = delivery(user, body, new InboundMessage.Verdict(fields, false), Instant.now());
            assertThat(localDeliverer().handle(new ConsumerRecord<>(LOCAL, 0, 0, user.userId(), json.write(d))))
                    .isInstanceOf(Outcome.Done.class);
        }

        assertThat(inbox(user)).containsExactly(trace(user) + bodies.get(0), trace(user) + bodies.get(1),
                trace(user) + bodies.get(2));
    }
}
