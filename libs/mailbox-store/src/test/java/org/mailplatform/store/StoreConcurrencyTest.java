package org.mailplatform.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailplatform.embedded.BackendEndpoints;
import org.mailplatform.model.Principal;
import org.mailplatform.store.config.MailboxStoreProperties;
import org.mailplatform.teststack.WithTestStack;

/**
 * The invariants of ARCHITECTURE.md under concurrency, with two store instances (two MongoDB
 * clients, as on two nodes) working on the same mailbox at once.
 */
@WithTestStack
class StoreConcurrencyTest {

    static StoreFixture fixture;
    MailboxStore nodeA;
    MailboxStore nodeB;
    Principal user;
    ExecutorService pool;

    @BeforeAll
    static void start(BackendEndpoints stack) {
        fixture = new StoreFixture(stack);
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    @BeforeEach
    void twoNodes() {
        nodeA = fixture.newStore(MailboxStoreProperties.defaults(), QuotaPolicy.fixed(0, 0));
        nodeB = fixture.newStore(MailboxStoreProperties.defaults(), QuotaPolicy.fixed(0, 0));
        String id = UUID.randomUUID().toString().substring(0, 8);
        user = new Principal("t-" + id, "u-" + id, id + "@example.com");
        nodeA.ensureDefaultMailboxes(user);
        pool = Executors.newFixedThreadPool(8);
    }

    @AfterEach
    void shutdown() {
        pool.shutdownNow();
    }

    private MailboxStore node(int i) {
        return i % 2 == 0 ? nodeA : nodeB;
    }

    @Test
    void uidsBecomeVisibleStrictlyInAscendingOrder() throws Exception {
        int writers = 6;
        int perWriter = 20;
        AtomicBoolean done = new AtomicBoolean();
        List<String> violations = new ArrayList<>();
        Future<Integer> reader = pool.submit(() -> {
            Set<Long> seen = new HashSet<>();
            long maxSeen = 0;
            int polls = 0;
            while (!done.get() || polls < 2) {
                List<Long> uids = node(polls).uids(user, "INBOX");
                long maxBefore = maxSeen;
                for (long uid : uids) {
                    if (seen.add(uid) && uid < maxBefore) {
                        violations.add("uid " + uid + " appeared after " + maxBefore + " was seen");
                    }
                    maxSeen = Math.max(maxSeen, uid);
                }
                polls++;
            }
            return polls;
        });
        runConcurrently(writers, w -> {
            for (int i = 0; i < perWriter; i++) {
                node(w).append(user, "INBOX", MailboxStoreContract.message("w" + w + "-" + i, "x"));
            }
        });
        done.set(true);
        assertThat(reader.get(60, TimeUnit.SECONDS)).isGreaterThan(2);

        assertThat(violations).isEmpty();
        List<Long> uids = nodeA.uids(user, "INBOX");
        assertThat(uids).hasSize(writers * perWriter).doesNotHaveDuplicates().isSorted();
        assertThat(nodeB.status(user, "INBOX").mailbox().messages()).isEqualTo(writers * perWriter);
    }

    @Test
    void concurrentFlagChangesAreNeverLost() throws Exception {
        for (int i = 0; i < 10; i++) {
            nodeA.append(user, "INBOX", MailboxStoreContract.message("m" + i, "x"));
        }
        int writers = 8;
        runConcurrently(writers, w -> {
            for (int round = 0; round < 3; round++) {
                node(w).updateFlags(user, "INBOX", MessageRange.all(), FlagOperation.ADD, Set.of("k" + w + "r" + round),
                        null);
            }
        });

        for (MessageMeta m : nodeB.fetch(user, "INBOX", MessageRange.all())) {
            assertThat(m.flags()).hasSize(writers * 3);
        }
    }

    @Test
    void aNodesCopyOfTheRowsNeverKeepsAChangeHalfSeen() throws Exception {
        for (int i = 0; i < 20; i++) {
            nodeA.append(user, "INBOX", MailboxStoreContract.message("m" + i, "x"));
        }
        MailboxStore uncached = fixture.newStore(new MailboxStoreProperties(null, null, null, null, null, null, null,
                null, null, null, null, null, null, org.springframework.util.unit.DataSize.ofBytes(0)),
                QuotaPolicy.fixed(0, 0));
        // in each episode node A reads all the time while node B makes one change, so A's copy is
        // refilled while that change is in flight; once B is done, A must show exactly what MongoDB holds
        for (int episode = 0; episode < 30; episode++) {
            AtomicBoolean done = new AtomicBoolean();
            Future<Integer> reader = pool.submit(() -> {
                int reads = 0;
                while (!done.get() || reads == 0) {
                    nodeA.fetch(user, "INBOX", MessageRange.all());
                    reads++;
                }
                return reads;
            });
            long uid = 1 + (episode * 7L) % 19;
            if (episode == 29) {
                nodeB.updateFlags(user, "INBOX", MessageRange.uid(20), FlagOperation.ADD, Set.of(Flags.DELETED), null);
                nodeB.expunge(user, "INBOX", null);
            } else {
                nodeB.updateFlags(user, "INBOX", MessageRange.uids(UidSet.range(uid, uid + 9)),
                        episode % 3 == 2 ? FlagOperation.REMOVE : FlagOperation.ADD, Set.of("e" + episode % 4), null);
            }
            done.set(true);
            assertThat(reader.get(30, TimeUnit.SECONDS)).isPositive();
            assertThat(rows(nodeA)).as("episode %d", episode).isEqualTo(rows(uncached));
        }
        assertThat(nodeA.open(user, "INBOX").uids()).hasSize(19);
    }

    private List<String> rows(MailboxStore node) {
        return node.fetch(user, "INBOX", MessageRange.all()).stream()
                .map(m -> m.uid() + " " + new java.util.TreeSet<>(m.flags()) + " " + m.modSeq()).toList();
    }

    @Test
    void repeatedAppendKeyStoresOneMessageEvenConcurrently() throws Exception {
        ConcurrentLinkedQueue<Long> uids = new ConcurrentLinkedQueue<>();
        runConcurrently(8, w -> uids.add(node(w).append(user, "INBOX",
                MailboxStoreContract.message("same", "x", Set.of(), "inbound-42/" + user.userId())).uid()));

        assertThat(nodeA.uids(user, "INBOX")).hasSize(1);
        assertThat(new HashSet<>(uids)).containsExactlyElementsOf(nodeA.uids(user, "INBOX"));
        assertThat(nodeA.quota(user).messages()).isEqualTo(1);
        assertThat(nodeA.status(user, "INBOX").mailbox().messages()).isEqualTo(1);
    }

    @Test
    void concurrentAppendsNeverExceedTheQuota() throws Exception {
        MailboxStore limitedA = fixture.newStore(MailboxStoreProperties.defaults(), QuotaPolicy.fixed(0, 10));
        MailboxStore limitedB = fixture.newStore(MailboxStoreProperties.defaults(), QuotaPolicy.fixed(0, 10));
        AtomicInteger refused = new AtomicInteger();
        runConcurrently(8, w -> {
            for (int i = 0; i < 4; i++) {
                try {
                    (w % 2 == 0 ? limitedA : limitedB).append(user, "INBOX", MailboxStoreContract.message("q", "x"));
                } catch (OverQuotaException e) {
                    refused.incrementAndGet();
                }
            }
        });

        assertThat(limitedA.uids(user, "INBOX")).hasSize(10);
        assertThat(refused.get()).isEqualTo(32 - 10);
        assertThat(limitedB.quota(user).messages()).isEqualTo(10);
    }

    private interface Worker {
        void run(int index) throws Exception;
    }

    private void runConcurrently(int workers, Worker work) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            int index = w;
            futures.add(pool.submit(() -> {
                start.await();
                work.run(index);
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get(120, TimeUnit.SECONDS);
        }
    }
}
