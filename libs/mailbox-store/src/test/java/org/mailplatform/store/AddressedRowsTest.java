package org.mailplatform.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailplatform.model.Principal;
import org.mailplatform.store.config.MailboxStoreProperties;
import org.mailplatform.store.mongo.MongoMailboxStore;
import org.mailplatform.teststack.WithTestStack;
import org.springframework.util.unit.DataSize;

/**
 * The messages a read addresses by UID set are the same whichever way the store finds them: from
 * this node's copy of the mailbox's rows (binary search per range), a few by their keys, or one
 * range query when the mailbox is too large to keep (here: a store with no copies at all). Sets
 * come in any order and overlap, as IMAP clients send them; expunged messages in the middle are
 * skipped.
 */
@WithTestStack
class AddressedRowsTest extends OneStoreTest {

    static MongoMailboxStore withoutCopies;
    static Principal owner;
    static Principal other;
    static List<Long> visible;

    @BeforeAll
    static void fill() {
        withoutCopies = fixture.newStore(new MailboxStoreProperties(null, null, null, null, null, null, null, null,
                null, null, null, null, null, DataSize.ofBytes(0)), QuotaPolicy.fixed(0, 0));
        owner = StoreFixture.newUser(store);
        other = StoreFixture.newUser(store);
        for (int i = 1; i <= 40; i++) {
            store.append(owner, "INBOX", MailboxStoreContract.message("m" + i, "body " + i));
            store.append(other, "INBOX", MailboxStoreContract.message("o" + i, "other " + i));
        }
        store.updateFlags(owner, "INBOX", MessageRange.uids(UidSet.parse("7,20:24,40")), FlagOperation.ADD,
                Set.of(Flags.DELETED), null);
        store.expunge(owner, "INBOX", null);
        visible = store.uids(owner, "INBOX");
        assertThat(visible).hasSize(33);
    }

    private static List<Long> expected(UidSet set) {
        return visible.stream().filter(set::contains).toList();
    }

    private static void sameEverywhere(UidSet set) {
        MessageRange range = MessageRange.uids(set);
        for (MongoMailboxStore s : List.of(store, withoutCopies)) {
            assertThat(s.fetch(owner, "INBOX", range)).extracting(MessageMeta::uid).as("fetch %s", set)
                    .containsExactlyElementsOf(expected(set));
            assertThat(s.fetchContents(owner, "INBOX", range)).extracting(c -> c.meta().uid())
                    .as("fetchContents %s", set).containsExactlyElementsOf(expected(set));
            assertThat(new ArrayList<>(s.cachedContents(owner, "INBOX", range).keySet())).as("cachedContents %s", set)
                    .containsExactlyInAnyOrderElementsOf(expected(set));
        }
    }

    @Test
    void rangesSinglesAndStarsGiveTheVisibleMessagesAscending() {
        store.fetch(owner, "INBOX", MessageRange.all()); // this node now holds the copy
        sameEverywhere(UidSet.parse("1:*"));
        sameEverywhere(UidSet.parse("5:9"));
        sameEverywhere(UidSet.parse("19:25"));
        sameEverywhere(UidSet.parse("38:*"));
        sameEverywhere(UidSet.parse("30,2,30:31,1:3"));
        sameEverywhere(UidSet.parse("7"));
        sameEverywhere(UidSet.parse("41:60"));
    }

    @Test
    void randomSetsGiveTheSameMessagesFromTheCopyAndFromTheQueries() {
        Random random = new Random(42);
        for (int round = 0; round < 40; round++) {
            StringBuilder set = new StringBuilder();
            int parts = 1 + random.nextInt(4);
            for (int i = 0; i < parts; i++) {
                long from = 1 + random.nextInt(45);
                set.append(i == 0 ? "" : ",").append(from);
                if (random.nextBoolean()) {
                    set.append(':').append(random.nextInt(5) == 0 ? "*" : String.valueOf(from + random.nextInt(20)));
                }
            }
            sameEverywhere(UidSet.parse(set.toString()));
        }
    }

    @Test
    void anotherUsersMailboxOfTheSameNameIsNeverAnswered() {
        UidSet all = UidSet.parse("1:*");
        assertThat(store.fetch(other, "INBOX", MessageRange.uids(all))).hasSize(40)
                .allSatisfy(m -> assertThat(m.summary().envelope().subject()).startsWith("o"));
        assertThat(withoutCopies.fetchContents(other, "INBOX", MessageRange.uids(UidSet.parse("1:10"))))
                .hasSize(10);
    }
}
