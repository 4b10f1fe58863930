package org.mailplatform.imap.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Which messages a SELECT or EXAMINE credits beyond the command rate ({@link SelectCredit}). */
class CommandCreditTest {

    private static SelectedMailbox mailbox(String id, long uidValidity, List<Long> uids) {
        return new SelectedMailbox("INBOX", id, uidValidity, false, uids, 1);
    }

    @Test
    void countsTheMessagesAboveAUid() {
        SelectedMailbox m = mailbox("m1", 1, List.of(2L, 3L, 4L, 9L, 10L, 20L));
        assertThat(m.countAbove(0)).isEqualTo(6);
        assertThat(m.countAbove(4)).isEqualTo(3);
        assertThat(m.countAbove(5)).isEqualTo(3);
        assertThat(m.countAbove(20)).isZero();
        assertThat(mailbox("m2", 1, List.of()).countAbove(0)).isZero();
    }

    @Test
    void eachMessageIsCreditedOnceAndNewMessagesOnSelectingAgain() {
        SelectCredit data = new SelectCredit();
        assertThat(data.newMessages(mailbox("m1", 1, List.of(1L, 2L, 3L)), 1000)).isEqualTo(3);
        // EXAMINE or SELECT again: nothing new
        assertThat(data.newMessages(mailbox("m1", 1, List.of(1L, 2L, 3L)), 1000)).isZero();
        // an expunge and two new messages
        assertThat(data.newMessages(mailbox("m1", 1, List.of(1L, 3L, 4L, 5L)), 1000)).isEqualTo(2);
        // another mailbox, and the same one made again (new UIDVALIDITY)
        assertThat(data.newMessages(mailbox("m2", 1, List.of(1L, 2L)), 1000)).isEqualTo(2);
        assertThat(data.newMessages(mailbox("m1", 2, List.of(1L)), 1000)).isEqualTo(1);
        assertThat(data.newMessages(mailbox("m3", 1, List.of()), 1000)).isZero();
    }

    @Test
    void notMoreThanTheLimitOverTheConnection() {
        SelectCredit data = new SelectCredit();
        assertThat(data.newMessages(mailbox("m1", 1, List.of(1L, 2L, 3L)), 5)).isEqualTo(3);
        assertThat(data.newMessages(mailbox("m2", 1, List.of(1L, 2L, 3L)), 5)).isEqualTo(2);
        assertThat(data.newMessages(mailbox("m3", 1, List.of(1L, 2L, 3L)), 5)).isZero();
    }
}
