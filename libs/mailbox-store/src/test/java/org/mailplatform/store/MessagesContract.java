package org.mailplatform.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mailplatform.store.MailboxStoreContract.message;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.mailplatform.mime.ImapSyntax;
import org.mailplatform.model.Principal;

/**
 * Part of {@link MailboxStoreContract}. Messages: append, fetch, flags (with UNCHANGEDSINCE), copy
 * and move, expunge, changes since a MODSEQ, search.
 */
interface MessagesContract extends StoreUnderTest {

    @Test
    default void aMessageAppendedRightAfterAReadIsSeenByTheNextReadOfItsUid() {
        Principal p = newUser();
        store().ensureDefaultMailboxes(p);
        store().append(p, "INBOX", message("first", "1"));
        assertThat(store().fetch(p, "INBOX", MessageRange.uid(1))).hasSize(1);

        long second = store().append(p, "INBOX", message("second", "2")).uid();

        assertThat(store().fetch(p, "INBOX", MessageRange.uid(second))).extracting(MessageMeta::uid)
                .containsExactly(second);
        assertThat(store().fetch(p, "INBOX", MessageRange.uids(UidSet.range(1, second))))
                .extracting(m -> m.summary().envelope().subject()).containsExactly("first", "second");
    }

    @Test
    default void appendedMessageHasSummaryFlagsAndBytes() throws IOException {
        Principal p = newUser();
        store().ensureDefaultMailboxes(p);

        AppendResult first = store().append(p, "INBOX", message("Hello", "World", Set.of("\\seen", "$Label1"), null));
        AppendResult second = store().append(p, "INBOX", message("Again", "x"));

        assertThat(first.uid()).isEqualTo(1);
        assertThat(second.uid()).isEqualTo(2);
        assertThat(second.modSeq()).isGreaterThan(first.modSeq());
        MessageMeta meta = store().fetch(p, "INBOX", MessageRange.uid(1)).get(0);
        assertThat(meta.flags()).containsExactlyInAnyOrder("\\Seen", "$Label1");
        assertThat(meta.summary().envelope().subject()).isEqualTo("Hello");
        assertThat(ImapSyntax.bodyStructure(meta.summary().body(), true, false))
                .isEqualTo("(\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7BIT\" 7 1 NIL NIL NIL NIL)");
        try (InputStream in = store().openContent(p, meta, meta.summary().body().bodyOffset(), 5)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("World");
        }
        MailboxStatus status = store().status(p, "INBOX");
        assertThat(status.mailbox().messages()).isEqualTo(2);
        assertThat(status.mailbox().uidNext()).isEqualTo(3);
        assertThat(status.unseen()).isEqualTo(1);
        assertThat(status.mailbox().size()).isEqualTo(meta.size() + store().fetch(p, "INBOX", MessageRange.uid(2)).get(0).size());
    }

    @Test
    default void openReadsTheStatusTheUidsAndTheFirstUnseenTogether() {
        Principal p = newUser();
        store().ensureDefaultMailboxes(p);
        store().append(p, "INBOX", message("a", "1", Set.of("\\Seen"), null));
        store().append(p, "INBOX", message("b", "2", Set.of("\\Seen", "\\Deleted"), null));
        store().append(p, "INBOX", message("c", "3"));
        store().append(p, "INBOX", message("d", "4", Set.of("\\Deleted"), null));
        store().remove(p, "INBOX", MessageRange.uid(1));

        MailboxSnapshot opened = store().open(p, "INBOX");

        assertThat(opened.uids()).containsExactly(2L, 3L, 4L);
        assertThat(opened.firstUnseenUid()).isEqualTo(3);
        assertThat(opened.status().unseen()).isEqualTo(2);
        assertThat(opened.status().deleted()).isEqualTo(2);
        assertThat(opened.status()).isEqualTo(store().status(p, "INBOX"));
        assertThat(store().open(p, "Trash").uids()).isEmpty();
        assertThat(store().open(p, "Trash").firstUnseenUid()).isZero();
        assertThatThrownBy(() -> store().open(newUser(), "INBOX")).isInstanceOf(MailboxException.NotFound.class);
    }

    @Test
    default void fetchOfFewOrManyUidsShowsOnlyVisibleMessagesEachWithItsOwnSummary() {
        Principal p = newUser();
        store().ensureDefaultMailboxes(p);
        for (int i = 1; i <= 12; i++) {
            store().append(p, "INBOX", message("subject " + i, "body " + i));
        }
        store().remove(p, "INBOX", MessageRange.uid(3));
        store().copy(p, "INBOX", MessageRange.uid(5), "Archive");

        assertThat(store().fetch(p, "INBOX", MessageRange.uids(UidSet.of(2, 3, 4))))
                .extracting(m -> m.uid() + " " + m.summary().envelope().subject())
                .containsExactly("2 subject 2", "4 subject 4");
        assertThat(store().fetch(p, "INBOX", MessageRange.uid(13))).isEmpty();
        assertThat(store().fetch(p, "INBOX", new MessageRange.BySequence(UidSet.range(2, 3))))
                .extracting(MessageMeta::uid).containsExactly(2L, 4L);
        for (int round = 0; round < 2; round++) {
            List<MessageMeta> all = store().fetch(p, "INBOX", MessageRange.all());
            assertThat(all).hasSize(11).allSatisfy(m ->
                    assertThat(m.summary().envelope().subject()).isEqualTo("subject " + m.uid()));
        }
        assertThat(store().fetch(p, "Archive", MessageRange.all()))
                .extracting(m -> m.summary().envelope().subject()).containsExactly("subject 5");
        Principal other = newUser();
        store().ensureDefaultMailboxes(other);
        assertThat(store().fetch(other, "INBOX", MessageRange.uids(UidSet.of(1, 2)))).isEmpty();
        assertThat(store().fetch(other, "INBOX", MessageRange.all())).isEmpty();
    }

    @Test
    default void appendWithSameKeyTwiceStoresOneMessage() {
        Principal p = newUser();
        store().ensureDefaultMailboxes(p);

        AppendResult first = store().append(p, "INBOX", message("once", "x", Set.of(), "inbound-1/rcpt"));
        AppendResult again = store().append(p, "INBOX", message("once", "x", Set.of(), "inbound-1/rcpt"));

        assertThat(first.duplicate()).isFalse();
        assertThat(again.duplicate()).isTrue();
        assertThat(again.uid()).isEqualTo(first.uid());
        assertThat(store().uids(p, "INBOX")).containsExactly(first.uid());
    }

    @Test
    default void flagsAreAddedRemovedAndReplacedWithNewModSeqs() {
        Principal p = newUser();
        store().ensureDefaultMailboxes(p);
        for (int i = 0; i < 3; i++) {
            store().append(p, "INBOX", message("m" + i, "x"));
        }
        long before = store().status(p, "INBOX").mailbox().highestModSeq();

        FlagUpdateResult added = store().updateFlags(p, "INBOX", MessageRange.uids(UidSet.parse("1:2")),
                FlagOperation.ADD, Set.of("\\Flagged", "work"), null);
        assertThat(added.updated()).extracting(MessageMeta::uid).containsExactly(1L, 2L);
        assertThat(added.updated()).allSatisfy(m -> assertThat(m.modSeq()).isGreaterThan(before));

        FlagUpdateResult again = store().updateFlags(p, "INBOX", MessageRange.uids(UidSet.parse("1:2")),
                FlagOperation.ADD, Set.of("\\Flagged"), null);
        assertThat(again.updated()).isEmpty();

        store().updateFlags(p, "INBOX", MessageRange.uid(1), FlagOperation.REMOVE, Set.of("work"), null);
        store().updateFlags(p, "INBOX", new MessageRange.BySequence(UidSet.parse("3")), FlagOperation.REPLACE,
                Set.of("\\Seen"), null);

        List<MessageMeta> all = store().fetch(p, "INBOX", MessageRange.all());
        assertThat(all.get(0).flags()).containsExactly("\\Flagged");
        assertThat(all.get(1).flags()).containsExactlyInAnyOrder("\\Flagged", "work");
        assertThat(all.get(2).flags()).containsExactly("\\Seen");
    }

    @Test
    default void unchangedSinceLeavesNewerMessagesAloneAndReportsThem() {
        Principal p = newUser();
        store().ensureDefaultMailboxes(p);
        store().append(p, "INBOX", message("a", "x"));
        store().append(p, "INBOX", message("b", "x"));
        long modSeqOfFirst = store().fetch(p, "INBOX", MessageRange.uid(1)).get(0).modSeq();
        store().updateFlags(p, "INBOX", MessageRange.uid(2), FlagOperation.ADD, Set.of("\\Answered"), null);

        FlagUpdateResult result = store().updateFlags(p, "INBOX", MessageRange.all(), FlagOperation.ADD,
                Set.of("\\Seen"), modSeqOfFirst + 1);

        assertThat(result.updated()).extracting(MessageMeta::uid).containsExactly(1L);
        assertThat(result.modified()).containsExactly(2L);
    }

    @Test
    default void copySharesTheBlobAndMoveExpungesTheSource() {
        Principal p = newUser();
        store().ensureDefaultMailboxes(p);
        store().append(p, "Archive", message("old", "x"));
        store().append(p, "INBOX", message("a", "x"));
        store().append(p, "INBOX", message("b", "x"));

        CopyResult copied = store().copy(p, "INBOX", MessageRange.uid(1), "Archive");
        assertThat(copied.sourceUids()).containsExactly(1L);
        assertThat(copied.targetUids()).containsExactly(2L);
        assertThat(store().fetch(p, "Archive", MessageRange.uid(2)).get(0).blobKey())
                .isEqualTo(store().fetch(p, "INBOX", MessageRange.uid(1)).get(0).blobKey());

        CopyResult moved = store().move(p, "INBOX", MessageRange.all(), "Trash");
        assertThat(moved.targetUids()).containsExactly(1L, 2L);
        assertThat(store().uids(p, "INBOX")).isEmpty();
        assertThat(store().status(p, "INBOX").mailbox().messages()).isZero();
        assertThat(store().status(p, "Trash").mailbox().messages()).isEqualTo(2);
    }

    @Test
    default void expungeRemovesOnlyDeletedMessagesAndUidExpungeOnlyTheGivenOnes() {
        Principal p = newUser();
        store().ensureDefaultMailboxes(p);
        for (int i = 0; i < 4; i++) {
            store().append(p, "INBOX", message("m" + i, "x"));
        }
        store().updateFlags(p, "INBOX", MessageRange.uids(UidSet.parse("1,3:4")), FlagOperation.ADD,
                Set.of("\\Deleted"), null);

        assertThat(store().expunge(p, "INBOX", UidSet.of(3))).containsExactly(3L);
        assertThat(store().expunge(p, "INBOX", null)).containsExactly(1L, 4L);
        assertThat(store().uids(p, "INBOX")).containsExactly(2L);
        assertThat(store().expunge(p, "INBOX", null)).isEmpty();
    }

    @Test
    default void changesSinceReportRecentChangesAndVanishedUids() {
        Principal p = newUser();
        store().ensureDefaultMailboxes(p);
        store().append(p, "INBOX", message("a", "x"));
        store().append(p, "INBOX", message("b", "x"));
        store().append(p, "INBOX", message("c", "x"));
        long since = store().status(p, "INBOX").mailbox().highestModSeq();

        store().updateFlags(p, "INBOX", MessageRange.uid(2), FlagOperation.ADD, Set.of("\\Seen"), null);
        store().remove(p, "INBOX", MessageRange.uid(3));
        store().append(p, "INBOX", message("d", "x"));

        Changes changes = store().changesSince(p, "INBOX", since);
        assertThat(changes.changed()).extracting(MessageMeta::uid).containsExactly(2L, 4L);
        assertThat(changes.vanished()).containsExactly(3L);
        assertThat(changes.highestModSeq()).isGreaterThan(since);
    }

    @Test
    default void searchUsesMetadataAndScansText() {
        Principal p = newUser();
        store().ensureDefaultMailboxes(p);
        store().append(p, "INBOX", message("Quarterly report", "numbers inside", Set.of("\\Seen"), null));
        store().append(p, "INBOX", message("=?utf-8?q?Gr=C3=BC=C3=9Fe?=", "hello Bob"));
        store().append(p, "INBOX", message("Lunch", "PIZZA at noon"));

        assertThat(search(p, new SearchCriteria.Flag("\\Seen", false))).containsExactly(2L, 3L);
        assertThat(search(p, new SearchCriteria.Header("subject", "REPORT"))).containsExactly(1L);
        assertThat(search(p, new SearchCriteria.Header("subject", "grüße"))).containsExactly(2L);
        assertThat(search(p, new SearchCriteria.Header("from", "alice@example"))).containsExactly(1L, 2L, 3L);
        assertThat(search(p, new SearchCriteria.Header("message-id", "@example.com"))).containsExactly(1L, 2L, 3L);
        assertThat(search(p, new SearchCriteria.Body("pizza"))).containsExactly(3L);
        assertThat(search(p, new SearchCriteria.Text("lunch"))).containsExactly(3L);
        assertThat(search(p, new SearchCriteria.And(List.of(new SearchCriteria.Flag("\\Seen", false),
                new SearchCriteria.Not(new SearchCriteria.Body("bob")))))).containsExactly(3L);
        assertThat(search(p, new SearchCriteria.Or(new SearchCriteria.Uids(UidSet.of(1)),
                new SearchCriteria.Larger(100_000)))).containsExactly(1L);
    }

    @Test
    default void bodySearchDecodesTransferEncodingsAndCharsets() {
        Principal p = newUser();
        store().ensureDefaultMailboxes(p);
        String b64 = java.util.Base64.getMimeEncoder().encodeToString("Grüße aus Köln".getBytes(StandardCharsets.UTF_8));
        String raw = "Subject: =?utf-8?q?Caf=C3=A9?=\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n"
                + "--x\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + b64 + "\r\n--x\r\nContent-Type: text/html; charset=iso-8859-1\r\n"
                + "Content-Transfer-Encoding: quoted-printable\r\n\r\n<p>Stra=DFe</p>\r\n--x--\r\n";
        store().append(p, "INBOX", AppendRequest.of(new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII))));
        store().append(p, "INBOX", message("other", "nothing"));

        assertThat(search(p, new SearchCriteria.Body("KÖLN"))).containsExactly(1L);
        assertThat(search(p, new SearchCriteria.Body("straße"))).containsExactly(1L);
        assertThat(search(p, new SearchCriteria.Body("café"))).isEmpty();
        assertThat(search(p, new SearchCriteria.Text("café"))).containsExactly(1L);
    }

    /**
     * SENTBEFORE, SENTON, SENTSINCE: the day the Date header names in its own zone (late on the 3rd in
     * New York is still the 3rd, though it is the 4th in UTC), obsolete forms read, and a message
     * without a readable Date in no range, whatever its internal date.
     */
    @Test
    default void sentDateSearchReadsTheDateHeaderAsWritten() {
        Principal p = newUser();
        store().ensureDefaultMailboxes(p);
        for (String date : List.of("Thu, 03 Dec 2026 23:30:00 -0500", "4 Dec 26 08:00 GMT", "not a date", "")) {
            String raw = (date.isEmpty() ? "" : "Date: " + date + "\r\n") + "Subject: s\r\n\r\nbody\r\n";
            store().append(p, "INBOX", AppendRequest.of(new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII))));
        }
        java.time.LocalDate third = java.time.LocalDate.of(2026, 12, 3);
        java.time.LocalDate fourth = third.plusDays(1);

        assertThat(search(p, new SearchCriteria.SentDate(third, fourth))).containsExactly(1L);
        assertThat(search(p, new SearchCriteria.SentDate(fourth, null))).containsExactly(2L);
        assertThat(search(p, new SearchCriteria.SentDate(null, fourth))).containsExactly(1L);
        assertThat(search(p, new SearchCriteria.Not(new SearchCriteria.SentDate(third, null)))).containsExactly(3L, 4L);
        assertThat(search(p, new SearchCriteria.And(List.of(new SearchCriteria.SentDate(third, null),
                new SearchCriteria.Uids(UidSet.of(2)))))).containsExactly(2L);
        assertThat(search(p, new SearchCriteria.Or(new SearchCriteria.SentDate(fourth, null),
                new SearchCriteria.Uids(UidSet.of(4))))).containsExactly(2L, 4L);
    }

    private List<Long> search(Principal p, SearchCriteria c) {
        SearchResult result = store().search(p, "INBOX", c);
        assertThat(result.complete()).isTrue();
        return result.uids();
    }
}
