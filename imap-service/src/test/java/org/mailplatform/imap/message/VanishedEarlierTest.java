package org.mailplatform.imap.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.mailplatform.imap.codec.SequenceSet;
import org.mailplatform.store.Changes;

class VanishedEarlierTest {

    private static Changes known(List<Long> vanished) {
        return new Changes(9, List.of(), vanished, false);
    }

    private static final Changes FORGOTTEN = new Changes(9, List.of(), List.of(4L), true);

    @Test
    void theKnownExpungesWithinWhatTheClientAskedAbout() {
        assertThat(VanishedEarlier.of(known(List.of(7L, 2L, 3L, 9L)), List.of(1L, 4L), 10, null)).isEqualTo("2:3,7,9");
        assertThat(VanishedEarlier.of(known(List.of(2L, 3L, 7L, 9L)), List.of(), 10, SequenceSet.parse("3:8")))
                .isEqualTo("3,7");
        assertThat(VanishedEarlier.of(known(List.of(2L, 30L)), List.of(), 0, SequenceSet.parse("2:*")))
                .as("* is read as the largest number, not UIDNEXT").isEqualTo("2,30");
        assertThat(VanishedEarlier.of(known(List.of()), List.of(1L), 10, null)).isNull();
    }

    @Test
    void whenExpungesAreForgottenEveryAbsentUidBelowUidNextIsNamedAsRanges() {
        assertThat(VanishedEarlier.of(FORGOTTEN, List.of(3L, 5L, 6L, 10L), 4_000_000_000L, null))
                .isEqualTo("1:2,4,7:9,11:3999999999");
        assertThat(VanishedEarlier.of(FORGOTTEN, List.of(3L, 5L), 8, SequenceSet.parse("2:4,6,1")))
                .isEqualTo("1:2,4,6");
        assertThat(VanishedEarlier.of(FORGOTTEN, List.of(1L, 2L), 3, null)).isNull();
        assertThat(VanishedEarlier.of(FORGOTTEN, List.of(), 1, null)).as("no UID ever used").isNull();
    }
}
