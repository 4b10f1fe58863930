package org.mailplatform.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailplatform.embedded.BackendEndpoints;
import org.mailplatform.model.MailboxChange;
import org.mailplatform.model.Principal;
import org.mailplatform.store.config.MailboxStoreProperties;
import org.mailplatform.store.mongo.MongoMailboxStore;
import org.mailplatform.teststack.WithTestStack;
import org.springframework.util.unit.DataSize;

/**
 * {@link MailboxStore#appendAll}: one user's messages stored together, in order, against the test
 * stack's MongoDB, S3 and (for the other stores) Kafka.
 */
@WithTestStack
class AppendAllTest {

    static StoreFixture fixture;
    static MongoMailboxStore store;
    static final List<MailboxChange> changes = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start(BackendEndpoints stack) {
        fixture = new StoreFixture(stack);
        store = fixture.newStore(MailboxStoreProperties.defaults(), QuotaPolicy.fixed(0, 0), changes::add);
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    private static Principal newUser(MailboxStore s) {
        Principal p = new MailboxStoreContract() {
            @Override
            public MailboxStore store() {
                return s;
            }
        }.newUser();
        s.ensureDefaultMailboxes(p);
        return p;
    }

    private static AppendRequest keyed(String subject, String key) {
        return MailboxStoreContract.message(subject, "body of " + subject, Set.of(), key);
    }

    private static List<String> subjects(MailboxStore s, Principal p) {
        return s.fetch(p, "INBOX", MessageRange.all()).stream().map(m -> m.summary().envelope().subject()).toList();
    }

    private static List<MailboxChange> added(Principal p) {
        return changes.stream().filter(c -> c.userId().equals(p.userId()))
                .filter(c -> c.kind() == MailboxChange.Kind.MESSAGES_ADDED).toList();
    }

    @Test
    void messagesAreStoredInTheirOrderWithConsecutiveUidsAndOneChangeEvent() {
        Principal p = newUser(store);
        List<AppendRequest> requests = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            requests.add(keyed("m" + i, "in-" + p.userId() + "-" + i));
        }

        List<AppendOutcome> outcomes = store.appendAll(p, "INBOX", requests);

        assertThat(outcomes).hasSize(5).allMatch(AppendOutcome::isStored);
        assertThat(outcomes).extracting(o -> o.result().uid()).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(outcomes).noneMatch(o -> o.result().duplicate());
        assertThat(subjects(store, p)).containsExactly("m0", "m1", "m2", "m3", "m4");
        assertThat(added(p)).singleElement().satisfies(c -> assertThat(c.uids()).containsExactly(1L, 2L, 3L, 4L, 5L));
        assertThat(store.quota(p).messages()).isEqualTo(5);
    }

    @Test
    void repeatedKeysAnswerWithTheStoredMessagesAndStoreOnlyTheNewOnes() {
        Principal p = newUser(store);
        String k = "in-" + p.userId() + "-";
        store.appendAll(p, "INBOX", List.of(keyed("a", k + "a"), keyed("b", k + "b")));

        List<AppendOutcome> again = store.appendAll(p, "INBOX",
                List.of(keyed("a", k + "a"), keyed("c", k + "c"), keyed("b", k + "b")));

        assertThat(again).allMatch(AppendOutcome::isStored);
        assertThat(again).extracting(o -> o.result().duplicate()).containsExactly(true, false, true);
        // the batch took UIDs 3 to 5; the repeats' UIDs are given up (never visible), so "c" is 4
        assertThat(again).extracting(o -> o.result().uid()).containsExactly(1L, 4L, 2L);
        assertThat(subjects(store, p)).containsExactly("a", "b", "c");
        assertThat(store.uids(p, "INBOX")).containsExactly(1L, 2L, 4L);
        assertThat(store.quota(p).messages()).isEqualTo(3);
    }

    @Test
    void aMessageOverQuotaIsRefusedAloneAndTheOnesAfterItAreStored() {
        MongoMailboxStore limited = fixture.newStore(MailboxStoreProperties.defaults(), QuotaPolicy.fixed(0, 2),
                changes::add);
        Principal p = newUser(limited);
        limited.append(p, "INBOX", keyed("first", null));

        List<AppendOutcome> outcomes = limited.appendAll(p, "INBOX",
                List.of(keyed("fits", "k1-" + p.userId()), keyed("over", "k2-" + p.userId()),
                        keyed("over too", "k3-" + p.userId())));

        assertThat(outcomes).hasSize(3);
        assertThat(outcomes.get(0).isStored()).isTrue();
        assertThat(outcomes.subList(1, 3)).allSatisfy(o -> {
            assertThat(o.isRefusal()).isTrue();
            assertThatThrownBy(o::get).isInstanceOf(OverQuotaException.class);
        });
        assertThat(subjects(limited, p)).containsExactly("first", "fits");
        assertThat(limited.quota(p).messages()).isEqualTo(2);
    }

    @Test
    void aMessageTooLargeIsRefusedAloneAndTheOnesAfterItAreStored() {
        MongoMailboxStore small = fixture.newStore(new MailboxStoreProperties(DataSize.ofBytes(400), null, null, null,
                null, null, null, null, null, null, null, null, null, null), QuotaPolicy.fixed(0, 0), changes::add);
        Principal p = newUser(small);

        List<AppendOutcome> outcomes = small.appendAll(p, "INBOX", List.of(keyed("small", null),
                MailboxStoreContract.message("large", "x".repeat(1000)), keyed("small again", null)));

        assertThat(outcomes).extracting(AppendOutcome::isStored).containsExactly(true, false, true);
        assertThat(outcomes.get(1).failure()).isInstanceOf(MessageTooLargeException.class);
        assertThat(subjects(small, p)).containsExactly("small", "small again");
    }

    @Test
    void anUnreadableMessageEndsTheCallAndNothingAfterItIsStored() {
        Principal p = newUser(store);
        InputStream broken = new SequenceInputStream(keyed("cut", null).content(), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        });

        List<AppendOutcome> outcomes = store.appendAll(p, "INBOX", List.of(keyed("before", null),
                new AppendRequest(broken, Set.of(), null, null), keyed("after", null)));

        assertThat(outcomes).hasSize(2);
        assertThat(outcomes.get(0).isStored()).isTrue();
        assertThat(outcomes.get(1).isRefusal()).isFalse();
        assertThat(outcomes.get(1).failure()).hasRootCauseMessage("connection reset");
        assertThat(subjects(store, p)).containsExactly("before");
        assertThat(store.quota(p).messages()).isEqualTo(1);
    }

    @Test
    void moreMessagesThanOneBatchAreStoredInOrderBatchByBatch() {
        MongoMailboxStore batchesOfTwo = fixture.newStore(new MailboxStoreProperties(null, null, null, null, null,
                null, null, null, null, 2, null, null, null, null), QuotaPolicy.fixed(0, 0), changes::add);
        Principal p = newUser(batchesOfTwo);
        List<AppendRequest> requests = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            requests.add(keyed("n" + i, null));
        }

        List<AppendOutcome> outcomes = batchesOfTwo.appendAll(p, "INBOX", requests);

        assertThat(outcomes).extracting(o -> o.result().uid()).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(subjects(batchesOfTwo, p)).containsExactly("n0", "n1", "n2", "n3", "n4");
        assertThat(added(p)).extracting(c -> c.uids().size()).containsExactly(2, 2, 1);
    }

    @Test
    void aMissingMailboxStoresNothing() {
        Principal p = newUser(store);
        assertThatThrownBy(() -> store.appendAll(p, "Nowhere", List.of(keyed("lost", null))))
                .isInstanceOf(MailboxException.NotFound.class);
        assertThat(store.appendAll(p, "INBOX", List.of())).isEmpty();
    }
}
