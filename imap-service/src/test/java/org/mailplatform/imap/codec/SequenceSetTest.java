package org.mailplatform.imap.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class SequenceSetTest {

    @Test
    void parsesRangesStarsAndSavedResult() {
        SequenceSet s = SequenceSet.parse("1:4,7,*:9,12:*");
        assertThat(s.ranges()).containsExactly(new SequenceSet.Range(1, 4), new SequenceSet.Range(7, 7),
                new SequenceSet.Range(9, SequenceSet.STAR), new SequenceSet.Range(12, SequenceSet.STAR));
        assertThat(SequenceSet.parse("$").saved()).isTrue();
        assertThat(SequenceSet.parse("4:2")).hasToString("2:4");
    }

    @Test
    void starResolvesToTheLargestNumberEvenBelowTheOtherEnd() {
        SequenceSet s = SequenceSet.parse("5:*");
        assertThat(s.contains(3, 3)).isTrue();
        assertThat(s.contains(4, 3)).isTrue();
        assertThat(s.contains(6, 3)).isFalse();
        assertThat(SequenceSet.parse("*").contains(10, 10)).isTrue();
    }

    @Test
    void refusesZeroLeadingZerosJunkAndOverflow() {
        for (String bad : List.of("0", "01", "1:", ":2", "a", "1,,2", "", "4294967296", "1:2:3")) {
            assertThatThrownBy(() -> SequenceSet.parse(bad)).as(bad).isInstanceOf(ImapSyntaxException.class);
        }
        assertThat(SequenceSet.parse("4294967295").ranges().getFirst().from()).isEqualTo(4294967295L);
    }

    @Test
    void formatsSortedNumbersCompactly() {
        assertThat(SequenceSet.format(List.of(1L, 2L, 3L, 7L, 9L, 10L))).isEqualTo("1:3,7,9:10");
        assertThat(SequenceSet.format(List.of())).isEmpty();
    }
}
