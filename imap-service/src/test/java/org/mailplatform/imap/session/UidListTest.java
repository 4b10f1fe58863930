package org.mailplatform.imap.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class UidListTest {

    @Test
    void behavesLikeASortedListUnderAppendsAndExpungesAnywhere() {
        Random random = new Random(42);
        for (int round = 0; round < 50; round++) {
            List<Long> expected = new ArrayList<>();
            long next = 1 + random.nextInt(5);
            for (int i = 0; i < random.nextInt(60); i++) {
                expected.add(next);
                next += random.nextInt(10) < 8 ? 1 : 2 + random.nextInt(5);
            }
            UidList uids = new UidList(expected);
            for (int op = 0; op < 80; op++) {
                if (!expected.isEmpty() && random.nextBoolean()) {
                    int at = random.nextInt(expected.size());
                    assertThat(uids.remove(at)).isEqualTo(expected.remove(at));
                } else {
                    expected.add(next);
                    uids.add(next);
                    next += 1 + (random.nextInt(4) == 0 ? random.nextInt(3) : 0);
                }
                assertSame(expected, uids);
            }
        }
    }

    @Test
    void ignoresUidsNotAboveTheLast() {
        UidList uids = new UidList(List.of(3L, 4L, 9L));
        uids.add(9L);
        uids.add(5L);
        assertThat(uids).containsExactly(3L, 4L, 9L);
    }

    @Test
    void anUnbrokenRangeIsOneRunAndSplitsAroundAnExpunge() {
        List<Long> all = new ArrayList<>();
        for (long u = 1; u <= 100_000; u++) {
            all.add(u);
        }
        UidList uids = new UidList(all);
        assertThat(uids.remove(49_999)).isEqualTo(50_000L);
        assertThat(uids.indexOfUid(50_000)).isEqualTo(-1);
        assertThat(uids.indexOfUid(50_001)).isEqualTo(49_999);
        assertThat(uids.uidAt(99_998)).isEqualTo(100_000L);
        assertThat(uids.size()).isEqualTo(99_999);
    }

    private static void assertSame(List<Long> expected, UidList uids) {
        assertThat(uids).containsExactlyElementsOf(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(uids.indexOfUid(expected.get(i))).isEqualTo(i);
        }
        long probe = expected.isEmpty() ? 1 : expected.getLast() + 1;
        assertThat(uids.indexOfUid(probe)).isEqualTo(-1);
        for (long u = 0; u < probe; u++) {
            assertThat(uids.indexOfUid(u)).isEqualTo(Collections.binarySearch(expected, u) < 0 ? -1
                    : Collections.binarySearch(expected, u));
        }
    }
}
