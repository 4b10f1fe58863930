package org.mailplatform.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.mailplatform.model.Principal;
import org.mailplatform.teststack.WithTestStack;

@WithTestStack
class StoreMaintenanceTest extends OneStoreTest {

    @Test
    void aBlobIsReferencedWhileAnyCopyIsNotExpungedAndManyKeysAreAskedAboutAtOnce() {
        Principal p = StoreFixture.newUser(store);
        store.append(p, "INBOX", MailboxStoreContract.message("copied", "x"));
        store.append(p, "INBOX", MailboxStoreContract.message("expunged", "x"));
        store.append(p, "INBOX", MailboxStoreContract.message("moved", "x"));
        List<MessageMeta> inbox = store.fetch(p, "INBOX", MessageRange.all());
        store.copy(p, "INBOX", MessageRange.uid(1), "Archive");
        store.remove(p, "INBOX", MessageRange.uid(1));
        store.remove(p, "INBOX", MessageRange.uid(2));

        List<String> asked = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            asked.add(p.tenantId() + "/2026/12/never-stored-" + i);
        }
        inbox.forEach(m -> asked.add(m.blobKey()));

        assertThat(maintenance.referencedBlobs(asked)).as("the copy in Archive keeps the first blob")
                .isEqualTo(Set.of(inbox.get(0).blobKey(), inbox.get(2).blobKey()));
        assertThat(maintenance.referencedBlobs(List.of())).isEmpty();
    }

    @Test
    void aMessageExpungedAfterTheGivenInstantStillKeepsItsBlob() {
        Principal p = StoreFixture.newUser(store);
        store.append(p, "INBOX", MailboxStoreContract.message("expunged", "x"));
        String blob = store.fetch(p, "INBOX", MessageRange.all()).getFirst().blobKey();
        java.time.Instant before = java.time.Instant.now().minusSeconds(60);
        store.remove(p, "INBOX", MessageRange.all());
        java.time.Instant after = java.time.Instant.now().plusSeconds(60);

        assertThat(maintenance.referencedBlobs(List.of(blob))).isEmpty();
        assertThat(maintenance.referencedBlobs(List.of(blob), before)).as("expunged within the window")
                .containsExactly(blob);
        assertThat(maintenance.referencedBlobs(List.of(blob), after)).isEmpty();
    }
}
