package org.mailplatform.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.mailplatform.model.Principal;
import org.mailplatform.store.mongo.StoreMaintenance;
import org.mailplatform.teststack.WithTestStack;

/** The record of blob keys that lost a reference, which the blob collectors read instead of listing S3 (ADR 0209). */
@WithTestStack
class ReleasedBlobsTest extends OneStoreTest {

    @Test
    void expungesDeletedMailboxesAndDeletedUsersReleaseTheirKeysInTimeOrderAndInBoundedPages() {
        Principal p = StoreFixture.newUser(store);
        Principal q = StoreFixture.newUser(store);
        for (String s : List.of("a", "b", "c")) {
            store.append(p, "INBOX", MailboxStoreContract.message(s, "x"));
        }
        store.create(p, "Old");
        store.append(p, "Old", MailboxStoreContract.message("d", "x"));
        store.append(p, "Old", MailboxStoreContract.message("e", "x"));
        store.append(q, "INBOX", MailboxStoreContract.message("f", "x"));
        List<String> inbox = keys(p, "INBOX");
        List<String> old = keys(p, "Old");
        String qKey = keys(q, "INBOX").getFirst();

        Instant before = Instant.now().minusSeconds(1);
        store.remove(p, "INBOX", MessageRange.uid(1));
        store.delete(p, "Old");
        maintenance.deleteUserData(q);
        Instant after = Instant.now().plusSeconds(1);

        List<List<String>> pages = new ArrayList<>();
        maintenance.forEachReleasedPage(before, after, 2, pages::add);
        Set<String> released = new HashSet<>();
        pages.forEach(released::addAll);
        assertThat(pages).allSatisfy(page -> assertThat(page).isNotEmpty().hasSizeLessThanOrEqualTo(2));
        assertThat(released).as("the expunged message, the deleted mailbox's and the deleted user's")
                .containsExactlyInAnyOrder(inbox.get(0), old.get(0), old.get(1), qKey);

        assertThat(releasedIn(after, after.plus(Duration.ofHours(1)))).isEmpty();
        assertThat(releasedIn(null, before)).doesNotContainAnyElementsOf(released);
        assertThat(releasedIn(null, after)).containsAll(released);

        StoreMaintenance.PurgedExpunges purged = maintenance.purgeExpunged(after);
        assertThat(purged.releasesForgotten()).as("the deleted mailbox's and user's records").isGreaterThanOrEqualTo(2);
        assertThat(releasedIn(before, after)).as("forgotten with the old expunges")
                .doesNotContain(old.get(0), old.get(1), qKey);
    }

    @Test
    void aCheckpointOnlyMovesForward() {
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        assertThat(maintenance.checkpoint("test.step")).isEmpty();
        maintenance.advanceCheckpoint("test.step", t);
        maintenance.advanceCheckpoint("test.step", t.minusSeconds(60));
        assertThat(maintenance.checkpoint("test.step")).contains(t);
        maintenance.advanceCheckpoint("test.step", t.plusSeconds(60));
        assertThat(maintenance.checkpoint("test.step")).contains(t.plusSeconds(60));
        assertThat(maintenance.checkpoint("test.other")).isEmpty();
    }

    @Test
    void aWalkPositionIsKeptInItsStepsDocumentUntilCleared() {
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        assertThat(maintenance.position("test.walk")).isEmpty();
        maintenance.setPosition("test.walk", "tenant/2026/11/a", t);
        maintenance.setPosition("test.walk", "tenant/2026/11/b", t);
        assertThat(maintenance.position("test.walk"))
                .contains(new StoreMaintenance.WalkPosition("tenant/2026/11/b", t));
        assertThat(maintenance.checkpoint("test.walk")).as("a walk under way has not finished").isEmpty();

        maintenance.advanceCheckpoint("test.walk", t);
        maintenance.clearPosition("test.walk");
        assertThat(maintenance.position("test.walk")).isEmpty();
        assertThat(maintenance.checkpoint("test.walk")).as("kept beside the position").contains(t);
        maintenance.clearPosition("test.none"); // nothing to forget is no error
        assertThat(maintenance.position("test.none")).isEmpty();
    }

    private static List<String> keys(Principal p, String mailbox) {
        return store.fetch(p, mailbox, MessageRange.all()).stream().map(MessageMeta::blobKey).toList();
    }

    private static Set<String> releasedIn(Instant from, Instant to) {
        Set<String> keys = new HashSet<>();
        maintenance.forEachReleasedPage(from, to, 100, keys::addAll);
        return keys;
    }
}
