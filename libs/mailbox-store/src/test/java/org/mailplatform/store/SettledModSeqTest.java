package org.mailplatform.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailplatform.embedded.BackendEndpoints;
import org.mailplatform.model.Principal;
import org.mailplatform.store.config.MailboxStoreProperties;
import org.mailplatform.teststack.WithTestStack;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * The HIGHESTMODSEQ clients are told (ADR 0206): a CONDSTORE/QRESYNC client that read it and then
 * the messages must get every later change from {@code changesSince} of that value, even when a
 * change was in flight while it read.
 */
@WithTestStack
class SettledModSeqTest {

    static StoreFixture fixture;
    static MailboxStore nodeA;
    static MailboxStore nodeB;

    @BeforeAll
    static void start(BackendEndpoints stack) {
        fixture = new StoreFixture(stack);
        nodeA = fixture.newStore(MailboxStoreProperties.defaults(), QuotaPolicy.fixed(0, 0));
        nodeB = fixture.newStore(MailboxStoreProperties.defaults(), QuotaPolicy.fixed(0, 0));
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    private static Principal newUser() {
        return StoreFixture.newUser(nodeA);
    }

    @Test
    void whileAChangeIsInFlightClientsAreToldTheLastSettledModSeqAndItNeverGoesBack() {
        Principal p = newUser();
        nodeA.append(p, "INBOX", MailboxStoreContract.message("m1", "x"));
        long settled = nodeA.status(p, "INBOX").mailbox().highestModSeq();
        MongoTemplate raw = fixture.template();
        Query inbox = Query.query(Criteria.where("tenantId").is(p.tenantId()).and("userId").is(p.userId())
                .and("name").is("INBOX"));
        String inboxId = raw.findOne(inbox, org.bson.Document.class, "mailboxes").getString("_id");
        Query message = Query.query(Criteria.where("mailboxId").is(inboxId).and("uid").is(1));

        // a writer on another node has allocated MODSEQ settled + 1 and not yet written its documents
        raw.updateFirst(inbox, new Update().inc("highestModSeq", 1).inc("writesBegun", 1)
                .set("writesBegunAt", Instant.now()), "mailboxes");
        assertThat(nodeA.status(p, "INBOX").mailbox().highestModSeq()).isEqualTo(settled);
        assertThat(nodeA.open(p, "INBOX").status().mailbox().highestModSeq()).isEqualTo(settled);
        assertThat(nodeA.find(p, "INBOX").orElseThrow().highestModSeq()).isEqualTo(settled);
        assertThat(nodeA.list(p, "", "INBOX", false)).singleElement()
                .extracting(MailboxInfo::highestModSeq).isEqualTo(settled);
        assertThat(nodeA.changesSince(p, "INBOX", settled).highestModSeq()).isEqualTo(settled);

        raw.updateFirst(message, new Update().set("flags", List.of(Flags.FLAGGED)).set("modSeq", settled + 1),
                "messages");
        raw.updateFirst(inbox, new Update().inc("writesEnded", 1), "mailboxes");
        Changes changes = nodeA.changesSince(p, "INBOX", settled);
        assertThat(changes.highestModSeq()).isEqualTo(settled + 1);
        assertThat(changes.changed()).singleElement().satisfies(m -> {
            assertThat(m.flags()).containsExactly(Flags.FLAGGED);
            assertThat(m.modSeq()).isEqualTo(settled + 1);
        });

        // told settled + 1 once, never less again, even with the next change in flight
        raw.updateFirst(inbox, new Update().inc("highestModSeq", 1).inc("writesBegun", 1)
                .set("writesBegunAt", Instant.now()), "mailboxes");
        assertThat(nodeB.status(p, "INBOX").mailbox().highestModSeq()).isEqualTo(settled + 1);
    }

    @Test
    void aClientThatReadTheModSeqThenTheMessagesMissesNoChangeMadeMeanwhile() throws Exception {
        Principal p = newUser();
        for (int i = 0; i < 20; i++) {
            nodeA.append(p, "INBOX", MailboxStoreContract.message("m" + i, "x"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            // node A acts as clients syncing all the time (HIGHESTMODSEQ, then every message's flags)
            // while node B changes flags; afterwards each client's view plus changesSince(its value)
            // must be exactly what MongoDB holds
            for (int episode = 0; episode < 50; episode++) {
                AtomicBoolean done = new AtomicBoolean();
                ConcurrentLinkedQueue<Synced> syncs = new ConcurrentLinkedQueue<>();
                Future<?> clients = pool.submit(() -> {
                    while (!done.get() || syncs.isEmpty()) {
                        long modSeq = nodeA.open(p, "INBOX").status().mailbox().highestModSeq();
                        syncs.add(new Synced(modSeq, flags(nodeA.fetch(p, "INBOX", MessageRange.all()))));
                    }
                    return null;
                });
                long uid = 1 + (episode * 7L) % 11;
                nodeB.updateFlags(p, "INBOX", MessageRange.uids(UidSet.range(uid, uid + 9)),
                        episode % 3 == 2 ? FlagOperation.REMOVE : FlagOperation.ADD, Set.of("e" + episode % 4), null);
                done.set(true);
                clients.get(30, TimeUnit.SECONDS);

                Map<Long, Set<String>> now = flags(nodeB.fetch(p, "INBOX", MessageRange.all()));
                for (Synced sync : syncs) {
                    Map<Long, Set<String>> view = new HashMap<>(sync.flags());
                    for (MessageMeta changed : nodeA.changesSince(p, "INBOX", sync.modSeq()).changed()) {
                        view.put(changed.uid(), new TreeSet<>(changed.flags()));
                    }
                    assertThat(view).as("episode %d, client told %d", episode, sync.modSeq()).isEqualTo(now);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private record Synced(long modSeq, Map<Long, Set<String>> flags) {
    }

    private static Map<Long, Set<String>> flags(List<MessageMeta> messages) {
        Map<Long, Set<String>> flags = new HashMap<>();
        for (MessageMeta m : messages) {
            flags.put(m.uid(), new TreeSet<>(m.flags()));
        }
        return flags;
    }
}
