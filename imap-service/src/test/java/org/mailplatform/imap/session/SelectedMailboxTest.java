package org.mailplatform.imap.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class SelectedMailboxTest {

    @Test
    void ownChangesAboveTheSettledModSeqAreStillNotEchoedAfterAnUpdate() {
        SelectedMailbox selected = new SelectedMailbox("INBOX", "m1", 7, false, List.of(1L, 2L, 3L), 10);
        selected.reported(1, 11);
        selected.reported(2, 13);

        // an update whose store answered with a settled value of 12: the change at 13 may come again
        selected.modSeqSeen(12);
        selected.forgetReported();

        assertThat(selected.alreadyReported(1, 11)).isFalse();
        assertThat(selected.alreadyReported(2, 13)).isTrue();

        selected.modSeqSeen(13);
        selected.forgetReported();
        assertThat(selected.alreadyReported(2, 13)).isFalse();
    }

    @Test
    void theModSeqSeenNeverGoesBack() {
        SelectedMailbox selected = new SelectedMailbox("INBOX", "m1", 7, false, List.of(), 10);
        selected.modSeqSeen(8);
        assertThat(selected.modSeqSeen()).isEqualTo(10);
    }
}
