package org.mailplatform.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mailplatform.store.MailboxStoreContract.message;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.mailplatform.model.Principal;

/**
 * Part of {@link MailboxStoreContract}. Mailboxes: the special-use defaults, LIST patterns,
 * create, rename (with children, INBOX), delete.
 */
interface MailboxesContract extends StoreUnderTest {

    @Test
    default void newUserGetsTheSpecialUseMailboxes() {
        Principal p = newUser();
        store().ensureDefaultMailboxes(p);
        store().ensureDefaultMailboxes(p);

        assertThat(store().list(p, "", "*", false)).extracting(MailboxInfo::name)
                .containsExactly("Archive", "Drafts", "INBOX", "Junk", "Sent", "Trash");
        assertThat(store().find(p, "trash")).isEmpty();
        assertThat(store().find(p, "inbox")).get().extracting(MailboxInfo::specialUse).isEqualTo(SpecialUse.INBOX);
        assertThat(store().find(p, "Trash")).get().extracting(MailboxInfo::specialUse).isEqualTo(SpecialUse.TRASH);
    }

    @Test
    default void listPatternsFollowImapWildcards() {
        Principal p = newUser();
        for (String name : List.of("INBOX", "Work", "Work/2025", "Work/2025/Q1", "Private")) {
            store().create(p, name);
        }

        assertThat(store().list(p, "", "%", false)).extracting(MailboxInfo::name)
                .containsExactly("INBOX", "Private", "Work");
        assertThat(store().list(p, "Work/", "%", false)).extracting(MailboxInfo::name).containsExactly("Work/2025");
        assertThat(store().list(p, "", "Work/*", false)).extracting(MailboxInfo::name)
                .containsExactly("Work/2025", "Work/2025/Q1");
        assertThat(store().list(p, "", "inbox", false)).extracting(MailboxInfo::name).containsExactly("INBOX");
        store().subscribe(p, "Private", false);
        assertThat(store().list(p, "", "*", true)).extracting(MailboxInfo::name).doesNotContain("Private");
    }

    @Test
    default void renameTakesTheChildrenAlongAndKeepsMessages() {
        Principal p = newUser();
        store().create(p, "Work");
        store().create(p, "Work/Old");
        store().create(p, "Workshop");
        store().append(p, "Work/Old", message("kept", "x"));

        store().rename(p, "Work", "Job");

        assertThat(store().list(p, "", "*", false)).extracting(MailboxInfo::name)
                .containsExactly("Job", "Job/Old", "Workshop");
        assertThat(store().uids(p, "Job/Old")).containsExactly(1L);
    }

    @Test
    default void renamingInboxMovesItsMessagesToTheNewMailboxAndKeepsAnEmptyInbox() {
        Principal p = newUser();
        store().ensureDefaultMailboxes(p);
        store().create(p, "INBOX/Lists");
        store().append(p, "INBOX", message("first", "a"));
        store().append(p, "INBOX", message("second", "b"));
        store().append(p, "INBOX/Lists", message("list mail", "c"));
        long quotaBefore = store().quota(p).messages();

        store().rename(p, "inbox", "Old INBOX");

        assertThat(store().uids(p, "INBOX")).isEmpty();
        assertThat(store().fetch(p, "Old INBOX", MessageRange.all())).extracting(m -> m.summary().envelope().subject())
                .containsExactly("first", "second");
        assertThat(store().uids(p, "INBOX/Lists")).containsExactly(1L);
        assertThat(store().quota(p).messages()).isEqualTo(quotaBefore);
        assertThat(store().status(p, "INBOX").mailbox().uidNext()).isEqualTo(3L);

        assertThatThrownBy(() -> store().rename(p, "INBOX", "Old INBOX")).isInstanceOf(MailboxException.AlreadyExists.class);
        assertThatThrownBy(() -> store().rename(p, "INBOX", "INBOX")).isInstanceOf(MailboxException.AlreadyExists.class);
    }

    @Test
    default void invalidOrDuplicateNamesAreRejected() {
        Principal p = newUser();
        store().create(p, "A");
        for (String bad : List.of("", "a//b", "../x", "/abs", "a/", "x\u0000", "a/%")) {
            assertThatThrownBy(() -> store().create(p, bad)).isInstanceOf(MailboxException.InvalidName.class);
        }
        assertThatThrownBy(() -> store().create(p, "A")).isInstanceOf(MailboxException.AlreadyExists.class);
    }

    @Test
    default void aSpecialUseIsCreatedOnceAndCanMoveAfterItsMailboxIsDeleted() {
        Principal p = newUser();
        store().ensureDefaultMailboxes(p);
        assertThatThrownBy(() -> store().create(p, "Old mail", SpecialUse.ARCHIVE))
                .isInstanceOf(MailboxException.SpecialUseTaken.class).hasMessageContaining("Archive");
        assertThat(store().find(p, "Old mail")).isEmpty();
        assertThatThrownBy(() -> store().create(p, "Inbox 2", SpecialUse.INBOX)).isInstanceOf(MailboxException.NotAllowed.class);

        store().delete(p, "Archive");
        assertThat(store().create(p, "Old mail", SpecialUse.ARCHIVE).specialUse()).isEqualTo(SpecialUse.ARCHIVE);
        assertThat(store().list(p, "", "*", false)).filteredOn(m -> m.specialUse() == SpecialUse.ARCHIVE)
                .extracting(MailboxInfo::name).containsExactly("Old mail");
    }

    @Test
    default void aRenamedOrDeletedMailboxIsNotReadUnderItsOldNameRightAfterARead() {
        Principal p = newUser();
        store().ensureDefaultMailboxes(p);
        store().create(p, "Work");
        store().append(p, "Work", message("in work", "w"));
        assertThat(store().fetch(p, "Work", MessageRange.uid(1))).hasSize(1);

        store().rename(p, "Work", "Done");

        assertThatThrownBy(() -> store().fetch(p, "Work", MessageRange.uid(1)))
                .isInstanceOf(MailboxException.NotFound.class);
        assertThat(store().fetch(p, "Done", MessageRange.uid(1))).hasSize(1);

        store().delete(p, "Done");
        store().create(p, "Done");

        assertThat(store().fetch(p, "Done", MessageRange.uid(1))).isEmpty();
    }

    @Test
    default void deletingAMailboxRemovesItsMessagesButInboxStays() {
        Principal p = newUser();
        store().ensureDefaultMailboxes(p);
        store().append(p, "Junk", message("spam", "x"));

        store().delete(p, "Junk");

        assertThat(store().find(p, "Junk")).isEmpty();
        assertThat(store().quota(p).messages()).isZero();
        assertThatThrownBy(() -> store().delete(p, "INBOX")).isInstanceOf(MailboxException.NotAllowed.class);
    }
}
