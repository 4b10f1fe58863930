package org.mailplatform.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailplatform.imap.changes.ChangeFeed;
import org.mailplatform.imap.config.ImapServer;
import org.mailplatform.blob.BlobKey;
import org.mailplatform.blob.BlobStore;
import org.mailplatform.model.Principal;
import org.mailplatform.store.AppendRequest;
import org.mailplatform.store.MailboxStore;
import org.mailplatform.store.MessageMeta;
import org.mailplatform.store.MessageRange;
import org.mailplatform.store.mongo.MongoMailboxStore;
import org.mailplatform.teststack.StackProperties;
import org.mailplatform.teststack.TestStack;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two imap-service nodes over one store (ARCHITECTURE.md, "Read"): a change made through node A,
 * or straight through the store as delivery does, reaches a session on node B through
 * {@code mailbox.changes}. Both nodes have IDLE's safety poll off, so only the change feed can
 * wake the client.
 */
class CrossNodeTest extends ImapServerTestBase {

    private static ConfigurableApplicationContext nodeB;

    @Autowired
    private MailboxStore store;

    @Autowired
    private BlobStore blobs;

    @BeforeAll
    static void startNodeB() {
        Map<String, Object> p = new LinkedHashMap<>(StackProperties.of(TestStack.endpoints()));
        p.put("spring.mongodb.database", "imap_test");
        p.put("mail.s3.bucket", "imap-test");
        p.put("mail.imap.port", "0");
        p.put("mail.imap.imaps-port", "-1");
        p.put("mail.imap.idle-safety-poll", "0");
        // as arguments: builder properties are defaults, which imap-service.yml would override
        nodeB = ImapServiceApplication.builder().sources(ImapTestConfiguration.class).web(WebApplicationType.NONE)
                .run(p.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }

    @AfterAll
    static void stopNodeB() {
        if (nodeB != null) {
            nodeB.close();
        }
    }

    @BeforeEach
    void bothNodesReadTheFeed() {
        awaitChangeFeed();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(nodeB.getBean(ChangeFeed.class)::ready);
    }

    private static int portB() {
        return nodeB.getBean(ImapServer.class).port("imap");
    }

    private static double eventsDeliveredOnB() {
        return nodeB.getBean(MeterRegistry.class).get("mail.imap.change.events").tag("outcome", "delivered")
                .counter().count();
    }

    @Test
    void idleOnNodeBHearsOfAppendFlagsAndExpungeThroughNodeA() throws Exception {
        try (LineClient b = new LineClient(portB()); LineClient a = new LineClient(imapPort())) {
            b.login("cross-idle@test.example").send("s SELECT INBOX").ok("s").send("i IDLE").expect("+ idling");
            a.login("cross-idle@test.example");

            long start = System.nanoTime();
            a.send("a APPEND INBOX {20+}").send("Subject: idle\r\n\r\nhi\r\n").ok("a");
            b.expect("* 1 EXISTS");
            Duration wake = Duration.ofNanos(System.nanoTime() - start);
            // the safety poll is off: only the change feed could have woken B, and it should do so at once
            assertThat(wake).isLessThan(Duration.ofSeconds(5));

            a.send("s SELECT INBOX").ok("s");
            a.send("f STORE 1 +FLAGS.SILENT (\\Flagged)").ok("f");
            b.expect("* 1 FETCH (UID 1 FLAGS (\\Flagged))");

            a.send("d STORE 1 +FLAGS.SILENT (\\Deleted)").ok("d").send("e EXPUNGE").ok("e");
            b.expectAfterFetches("* 1 EXPUNGE");
            b.send("DONE").expect("i OK IDLE terminated");
        }
    }

    @Test
    void deliveryStraightIntoTheStoreWakesAnIdleClientOnNodeB() throws Exception {
        try (LineClient b = new LineClient(portB())) {
            b.login("cross-delivery@test.example").send("s SELECT INBOX").ok("s").send("i IDLE").expect("+ idling");
            Principal owner = new Principal("t1", "u-cross-delivery@test.example", "cross-delivery@test.example");
            store.append(owner, "INBOX", AppendRequest.of(new ByteArrayInputStream(
                    "Subject: delivered\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII))));
            b.expect("* 1 EXISTS");
            b.send("DONE").expect("i OK IDLE terminated");
        }
    }

    @Test
    void aSelectedSessionHearsOfChangesAtTheEndOfItsNextCommandButNoExpungeDuringFetch() throws Exception {
        try (LineClient b = new LineClient(portB()); LineClient a = new LineClient(imapPort())) {
            a.login("cross-selected@test.example");
            a.send("a1 APPEND INBOX {17+}").send("Subject: one\r\n\r\n\r\n").ok("a1");
            a.send("a2 APPEND INBOX {17+}").send("Subject: two\r\n\r\n\r\n").ok("a2");
            b.login("cross-selected@test.example").send("s SELECT INBOX").expect("* FLAGS ${*}").expect("* 2 EXISTS").ok("s");

            double before = eventsDeliveredOnB();
            a.send("s SELECT INBOX").ok("s").send("d STORE 1 +FLAGS.SILENT (\\Deleted)").ok("d");
            a.send("e EXPUNGE").ok("e");
            // B has heard of both changes (flags, expunge) before it sends its next command
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> eventsDeliveredOnB() >= before + 2);

            // FETCH by sequence number must not expunge (RFC 9051 section 7.5.1): message 2 keeps its number,
            // the gone message 1 is left out
            b.send("f FETCH 1:2 (UID)").expect("* 2 FETCH (UID 2)").expect("f OK ${*}");
            // a UID command may: the pending expunge is reported before its tagged OK
            b.send("u UID FETCH 2 (UID)").expect("* 2 FETCH (UID 2)").expect("* 1 EXPUNGE").expect("u OK ${*}");
            b.send("f2 FETCH 1 (UID)").expect("* 1 FETCH (UID 2)").expect("f2 OK ${*}");

            a.send("a3 APPEND INBOX {19+}").send("Subject: three\r\n\r\n\r\n").ok("a3");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> eventsDeliveredOnB() >= before + 3);
            b.send("f3 FETCH 1 (UID)").expect("* 1 FETCH (UID 2)").expect("* 2 EXISTS").expect("f3 OK ${*}");
        }
    }

    @Test
    void aFetchOfNewSmallMessagesOnNodeBTakesTheirBytesFromTheSharedCacheInOneQuery() throws Exception {
        String user = "cross-bodies@test.example";
        Principal owner = new Principal("t1", "u-" + user, user);
        store.ensureDefaultMailboxes(owner);
        List<String> bodies = List.of("Subject: one\r\n\r\nfirst body\r\n", "Subject: two\r\n\r\nsecond\r\n",
                "Subject: three\r\n\r\n.third, with a dot\r\n");
        for (String body : bodies) {
            store.append(owner, "INBOX", AppendRequest.of(new ByteArrayInputStream(body.getBytes(StandardCharsets.US_ASCII))));
        }
        Awaitility.await("the copies are written behind the appends").atMost(Duration.ofSeconds(20))
                .until(((MongoMailboxStore) store)::sharedBodiesWritten);
        // with the object store's copies gone, only the shared cache (ADR 0211) can serve them
        for (MessageMeta m : store.fetch(owner, "INBOX", MessageRange.all())) {
            blobs.delete(new BlobKey(m.blobKey()));
        }
        MeterRegistry metersB = nodeB.getBean(MeterRegistry.class);
        double batchesBefore = cachedContentsCalls(metersB);

        try (LineClient b = new LineClient(portB())) {
            b.login(user).send("s SELECT INBOX").ok("s");
            b.send("f FETCH 1:3 BODY.PEEK[]");
            for (int i = 0; i < bodies.size(); i++) {
                byte[] expected = bodies.get(i).getBytes(StandardCharsets.US_ASCII);
                b.expect("* " + (i + 1) + " FETCH (BODY[] {" + expected.length + "}");
                assertThat(new String(b.readBytes(expected.length), StandardCharsets.US_ASCII)).isEqualTo(bodies.get(i));
                b.expect(")");
            }
            b.expect("f OK ${*}");
        }
        assertThat(cachedContentsCalls(metersB)).as("one query of the caches for the three messages")
                .isEqualTo(batchesBefore + 1);
    }

    private static double cachedContentsCalls(MeterRegistry meters) {
        io.micrometer.core.instrument.Timer t = meters.find("mail.store.operations").tag("operation", "cached-contents")
                .timer();
        return t == null ? 0 : t.count();
    }
}
