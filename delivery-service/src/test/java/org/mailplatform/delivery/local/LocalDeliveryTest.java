package org.mailplatform.delivery.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mailplatform.delivery.DeliveryTestBase;
import org.mailplatform.delivery.queue.LocalDelivery;
import org.mailplatform.model.InboundMessage;
import org.mailplatform.model.Principal;
import org.mailplatform.store.MessageMeta;

class LocalDeliveryTest extends DeliveryTestBase {

    @Test
    void messageToAUserLandsInItsInboxWithReturnPathAndDeliveredToInFront() {
        Principal alice = directory.addUser(unique("alice") + "@local.test");
        String original = content("hello alice");
        enqueue("sender@example.org", original, rcpt(alice.address()));

        List<String> inbox = awaitInbox(alice, 1);
        String expected = "Return-Path: <sender@example.org>\r\nDelivered-To: " + alice.address() + "\r\n" + original;
        assertThat(inbox).containsExactly(expected);
        MessageMeta meta = inboxMeta(alice).getFirst();
        assertThat(meta.size()).as("RFC822.SIZE is the size of the served bytes").isEqualTo(expected.length());
        assertThat(meta.summary()).isNotNull();
    }

    @Test
    void aliasDeliversToEveryTargetOnceEvenWhenAddressedTwice() {
        Principal a = directory.addUser(unique("a") + "@local.test");
        Principal b = directory.addUser(unique("b") + "@local.test");
        String team = unique("team") + "@local.test";
        String inner = unique("inner") + "@local.test";
        directory.addAlias(team, a.address(), inner);
        directory.addAlias(inner, b.address(), a.address());
        enqueue("sender@example.org", content("to the team"), rcpt(team), rcpt(b.address()));

        awaitInbox(a, 1);
        awaitInbox(b, 1);
        Principal marker = directory.addUser(unique("marker") + "@local.test");
        enqueue("sender@example.org", content("marker"), rcpt(marker.address()));
        awaitInbox(marker, 1);
        assertThat(inbox(a)).hasSize(1);
        assertThat(inbox(b)).hasSize(1);
    }

    @Test
    void catchAllTakesUnknownLocalPartsOfItsDomain() {
        Principal target = directory.addUser(unique("catcher") + "@local.test");
        String domain = unique("catchall") + ".test";
        directory.addCatchAll(domain, target.address());
        enqueue("sender@example.org", content("anything"), rcpt("whoever@" + domain));

        assertThat(awaitInbox(target, 1).getFirst()).contains("Subject: anything");
    }

    @Test
    void domainAliasDeliversToTheSameLocalPartInTheTargetDomain() {
        String local = unique("carol");
        Principal carol = directory.addUser(local + "@local.test");
        String aliasDomain = unique("alias-domain") + ".test";
        directory.addDomainAlias(aliasDomain, "local.test");
        enqueue("sender@example.org", content("via domain alias"), rcpt(local + "@" + aliasDomain));

        assertThat(awaitInbox(carol, 1).getFirst()).contains("Delivered-To: " + carol.address());
    }

    @Test
    void aliasLoopBouncesWith546ToTheSender() {
        Principal sender = directory.addUser(unique("sender") + "@local.test");
        String one = unique("loop1") + "@local.test";
        String two = unique("loop2") + "@local.test";
        directory.addAlias(one, two);
        directory.addAlias(two, one);
        enqueue(sender.address(), content("round and round"), rcpt(one));

        String dsn = awaitInbox(sender, 1).getFirst();
        assertThat(dsn).contains("Return-Path: <>", "multipart/report", "Final-Recipient: rfc822; " + one,
                "Action: failed", "Status: 5.4.6", "mail forwarding loop");
    }

    @Test
    void unknownUserBouncesWith511() {
        Principal sender = directory.addUser(unique("sender") + "@local.test");
        String nobody = unique("nobody") + "@local.test";
        enqueue(sender.address(), content("to nobody"), rcpt(nobody));

        assertThat(awaitInbox(sender, 1).getFirst()).contains("Final-Recipient: rfc822; " + nobody, "Status: 5.1.1");
    }

    @Test
    void overQuotaBouncesWith522AndStoresNothing() {
        Principal sender = directory.addUser(unique("sender") + "@local.test");
        Principal full = directory.addUser(unique("full") + "@local.test");
        enqueue(sender.address(), content("too big for you"), rcpt(full.address()));

        String dsn = awaitInbox(sender, 1).getFirst();
        assertThat(dsn).contains("Final-Recipient: rfc822; " + full.address(), "Status: 5.2.2", "mailbox full");
        assertThat(inbox(full)).isEmpty();
    }

    @Test
    void theSameLocalRecordTwiceStoresOneMessage() {
        Principal dora = directory.addUser(unique("dora") + "@local.test");
        InboundMessage m = enqueue("sender@example.org", content("once only"), rcpt(dora.address()));
        awaitInbox(dora, 1);
        byte[] again = json.write(new LocalDelivery(m, rcpt(dora.address()), dora, 0, null));
        send(LOCAL, dora.userId(), again);
        send(LOCAL, dora.userId(), again);
        enqueue("sender@example.org", content("after the duplicates"), rcpt(dora.address()));

        List<String> inbox = awaitInbox(dora, 2);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> inbox(dora).size() == 2);
        assertThat(inbox).hasSize(2);
        assertThat(inbox.get(0)).contains("Subject: once only");
        assertThat(inbox.get(1)).contains("Subject: after the duplicates");
    }

    @Test
    void eachUsersMailIsStoredInQueueOrderWhileUsersAreDeliveredSideBySide() {
        Principal p = directory.addUser(unique("pat") + "@local.test");
        Principal q = directory.addUser(unique("quinn") + "@local.test");
        for (int i = 0; i < 8; i++) {
            Principal to = i % 2 == 0 ? p : q;
            byte[] bytes = content("order " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            org.mailplatform.blob.BlobKey key = org.mailplatform.blob.BlobKey.newFor("inbound", java.time.Instant.now());
            blobs.put(key, new java.io.ByteArrayInputStream(bytes), bytes.length);
            InboundMessage m = new InboundMessage("Q" + java.util.UUID.randomUUID().toString().replace("-", ""),
                    key.value(), bytes.length, java.time.Instant.now(), "sender@example.org", List.of(rcpt(to.address())),
                    new InboundMessage.Dsn(null, null), null, false, null, "t");
            send(LOCAL, to.userId(), json.write(new LocalDelivery(m, rcpt(to.address()), to, 0, null)));
        }

        assertThat(awaitInbox(p, 4)).extracting(m -> m.replaceAll("(?s).*Subject: (order \\d).*", "$1"))
                .containsExactly("order 0", "order 2", "order 4", "order 6");
        assertThat(awaitInbox(q, 4)).extracting(m -> m.replaceAll("(?s).*Subject: (order \\d).*", "$1"))
                .containsExactly("order 1", "order 3", "order 5", "order 7");
    }

    @Test
    void directoryOutagePausesRoutingUntilItIsBack() throws Exception {
        Principal erin = directory.addUser(unique("erin") + "@local.test");
        directory.unavailable(true);
        try {
            enqueue("sender@example.org", content("wait for it"), rcpt(erin.address()));
            int before = directory.calls();
            await().atMost(Duration.ofSeconds(10)).until(() -> directory.calls() > before + 2);
            assertThat(inbox(erin)).isEmpty();
        } finally {
            directory.unavailable(false);
        }
        assertThat(awaitInbox(erin, 1)).hasSize(1);
    }
}
