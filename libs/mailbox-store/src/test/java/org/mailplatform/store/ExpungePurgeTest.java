package org.mailplatform.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.mailplatform.model.Principal;
import org.mailplatform.store.mongo.StoreMaintenance;
import org.mailplatform.teststack.WithTestStack;

/** Old expunges are forgotten in two runs, and changes since an older MODSEQ say so. */
@WithTestStack
class ExpungePurgeTest extends OneStoreTest {

    private static Principal newUser() {
        return StoreFixture.newUser(store);
    }

    private static void expunge(Principal p, long uid) {
        store.updateFlags(p, "INBOX", MessageRange.uid(uid), FlagOperation.ADD, java.util.Set.of(Flags.DELETED), null);
        store.expunge(p, "INBOX", null);
    }

    private static long expungedDocuments(String mailboxId) {
        return mongo.getCollection("messages").countDocuments(new Document("mailboxId", mailboxId)
                .append("expunged", true).append("tombstone", false));
    }

    @Test
    void expungesBeforeTheCutoffAreMarkedByOneRunAndDeletedByTheNextAndChangesSayTheyAreForgotten() {
        Principal p = newUser();
        for (int i = 1; i <= 5; i++) {
            store.append(p, "INBOX", MailboxStoreContract.message("m" + i, "x"));
        }
        long before = store.status(p, "INBOX").mailbox().highestModSeq();
        expunge(p, 1);
        expunge(p, 2);
        String inbox = store.find(p, "INBOX").orElseThrow().id();
        assertThat(store.changesSince(p, "INBOX", before).vanished()).containsExactly(1L, 2L);
        assertThat(store.changesSince(p, "INBOX", before).expungesForgotten()).isFalse();

        // a cutoff before the expunges touches nothing
        StoreMaintenance.PurgedExpunges none = maintenance.purgeExpunged(Instant.now().minus(Duration.ofDays(1)));
        assertThat(store.changesSince(p, "INBOX", before).expungesForgotten()).isFalse();
        assertThat(expungedDocuments(inbox)).isEqualTo(2);
        assertThat(none.deleted()).isZero();

        Instant later = Instant.now().plus(Duration.ofDays(31));
        StoreMaintenance.PurgedExpunges first = maintenance.purgeExpunged(later);
        assertThat(first.mailboxesMarked()).isPositive();
        assertThat(expungedDocuments(inbox)).as("only marked by the first run").isEqualTo(2);
        Changes sinceBefore = store.changesSince(p, "INBOX", before);
        assertThat(sinceBefore.expungesForgotten()).isTrue();
        assertThat(sinceBefore.vanished()).containsExactly(1L, 2L);
        long settled = store.status(p, "INBOX").mailbox().highestModSeq();
        assertThat(store.changesSince(p, "INBOX", settled).expungesForgotten()).isFalse();

        maintenance.purgeExpunged(later);
        assertThat(expungedDocuments(inbox)).isZero();
        assertThat(store.changesSince(p, "INBOX", before).expungesForgotten()).isTrue();
        assertThat(store.changesSince(p, "INBOX", before).vanished()).isEmpty();

        // a later expunge is known again to a client that synced after the forgotten ones
        expunge(p, 3);
        Changes sinceSettled = store.changesSince(p, "INBOX", settled);
        assertThat(sinceSettled.expungesForgotten()).isFalse();
        assertThat(sinceSettled.vanished()).containsExactly(3L);
        assertThat(store.uids(p, "INBOX")).containsExactly(4L, 5L);
    }

    @Test
    void oldTombstonesAreDeletedInOneRun() {
        Principal p = newUser();
        String inbox = store.find(p, "INBOX").orElseThrow().id();
        mongo.getCollection("messages").insertOne(new Document("tenantId", p.tenantId()).append("userId", p.userId())
                .append("mailboxId", inbox).append("uid", 77L).append("modSeq", 0L).append("expunged", true)
                .append("tombstone", true).append("inboundId", "tombstone:" + UUID.randomUUID())
                .append("savedAt", java.util.Date.from(Instant.now())));

        maintenance.purgeExpunged(Instant.now().minus(Duration.ofDays(1)));
        assertThat(mongo.getCollection("messages").countDocuments(new Document("mailboxId", inbox))).isEqualTo(1);
        StoreMaintenance.PurgedExpunges purged = maintenance.purgeExpunged(Instant.now().plus(Duration.ofDays(31)));
        assertThat(purged.tombstonesDeleted()).isPositive();
        assertThat(mongo.getCollection("messages").countDocuments(new Document("mailboxId", inbox))).isZero();
    }
}
