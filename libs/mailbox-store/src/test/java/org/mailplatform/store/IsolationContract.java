package org.mailplatform.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mailplatform.store.MailboxStoreContract.message;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mailplatform.model.Principal;

/**
 * Part of {@link MailboxStoreContract}. Tenant isolation: a user never reaches another user's
 * mailboxes or message bytes, by name or by a message reference.
 */
interface IsolationContract extends StoreUnderTest {

    @Test
    default void usersNeverSeeEachOthersMailboxes() {
        Principal alice = newUser();
        Principal bob = newUser();
        store().ensureDefaultMailboxes(alice);
        store().create(alice, "Secret");
        store().append(alice, "Secret", message("private", "x"));

        assertThat(store().list(bob, "", "*", false)).isEmpty();
        assertThat(store().find(bob, "Secret")).isEmpty();
        assertThatThrownBy(() -> store().fetch(bob, "Secret", MessageRange.all()))
                .isInstanceOf(MailboxException.NotFound.class);
        MessageMeta alicesMessage = store().fetch(alice, "Secret", MessageRange.all()).get(0);
        assertThatThrownBy(() -> store().openContent(bob, alicesMessage, 0, alicesMessage.size()))
                .isInstanceOf(MailboxException.NotFound.class);
    }

    @Test
    default void aMessageNamingAnotherUsersBytesIsRefusedEvenRightAfterItsOwnerReadIt() {
        Principal alice = newUser();
        Principal bob = newUser();
        store().ensureDefaultMailboxes(alice);
        store().ensureDefaultMailboxes(bob);
        store().append(alice, "INBOX", message("alice's", "private"));
        store().append(bob, "INBOX", message("bob's", "his own"));
        MessageMeta alices = store().fetch(alice, "INBOX", MessageRange.uid(1)).get(0);
        MessageMeta bobs = store().fetch(bob, "INBOX", MessageRange.uid(1)).get(0);

        // bob's own mailbox and UID, just read by bob, but alice's blob
        MessageMeta forged = new MessageMeta(bobs.mailboxId(), bobs.uid(), bobs.modSeq(), bobs.flags(),
                bobs.internalDate(), alices.size(), alices.blobKey(), bobs.summary());

        assertThatThrownBy(() -> store().openContent(bob, forged, 0, forged.size()))
                .isInstanceOf(MailboxException.NotFound.class);
        assertThatThrownBy(() -> store().openContent(bob, alices, 0, alices.size()))
                .isInstanceOf(MailboxException.NotFound.class);
    }

    @Test
    default void fetchedContentsOpenTheWholeMessagesOfTheirOwnerOnly() throws IOException {
        Principal alice = newUser();
        Principal bob = newUser();
        store().ensureDefaultMailboxes(alice);
        store().ensureDefaultMailboxes(bob);
        store().append(alice, "INBOX", message("one", "first"));
        store().append(alice, "INBOX", message("two", "second"));

        List<MessageContent> contents = store().fetchContents(alice, "INBOX", MessageRange.all());

        assertThat(contents).extracting(c -> c.meta().uid()).containsExactly(1L, 2L);
        for (MessageContent c : contents) {
            try (InputStream fetched = c.open(); InputStream direct = store().openContent(alice, c.meta(), 0, c.meta().size())) {
                byte[] bytes = fetched.readAllBytes();
                assertThat(bytes).hasSize((int) c.meta().size()).isEqualTo(direct.readAllBytes());
            }
        }
        assertThat(store().fetchContents(bob, "INBOX", MessageRange.all())).isEmpty();
    }
}
