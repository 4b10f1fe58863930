package org.mailplatform.imap.message;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.mailplatform.imap.codec.SequenceSet;
import org.mailplatform.store.Changes;

/**
 * The UID set of a {@code VANISHED (EARLIER)} response (RFC 7162 section 3.2.10) for a QRESYNC
 * SELECT or a {@code UID FETCH ... (VANISHED)}: the expunged UIDs the store still knows, or, when
 * it has forgotten expunges that old ({@link Changes#expungesForgotten()}), every UID below UIDNEXT
 * that is not one of the client's messages. RFC 7162 lets that name UIDs the client never saw; it is
 * written as ranges, so it stays short however many UIDs a mailbox has used.
 */
public final class VanishedEarlier {

    private VanishedEarlier() {
    }

    /**
     * @param present  the mailbox's messages as the client is told them, ascending UIDs
     * @param uidNext  the mailbox's UIDNEXT (only read when expunges are forgotten)
     * @param within   the UIDs the client asked about (known-uids, the UID FETCH set), or null for all
     * @return the set in IMAP syntax, or null when it is empty
     */
    public static String of(Changes changes, List<Long> present, long uidNext, SequenceSet within) {
        List<long[]> vanished = changes.expungesForgotten() ? absent(present, uidNext)
                : singles(changes.vanished().stream().sorted().toList());
        // * as the largest number there is, as the rest of the server reads it in these sets
        List<long[]> asked = within == null ? List.of(new long[] {1, Long.MAX_VALUE}) : merged(within, Long.MAX_VALUE);
        String set = format(intersect(vanished, asked));
        return set.isEmpty() ? null : set;
    }

    /** The ranges of UIDs from 1 to {@code uidNext - 1} that are not in {@code present}. */
    static List<long[]> absent(List<Long> present, long uidNext) {
        List<long[]> gaps = new ArrayList<>();
        long next = 1;
        for (long uid : present) {
            if (uid > next) {
                gaps.add(new long[] {next, uid - 1});
            }
            next = Math.max(next, uid + 1);
        }
        if (next <= uidNext - 1) {
            gaps.add(new long[] {next, uidNext - 1});
        }
        return gaps;
    }

    private static List<long[]> singles(List<Long> sorted) {
        List<long[]> ranges = new ArrayList<>();
        for (long uid : sorted) {
            if (!ranges.isEmpty() && ranges.getLast()[1] + 1 >= uid) {
                ranges.getLast()[1] = Math.max(ranges.getLast()[1], uid);
            } else {
                ranges.add(new long[] {uid, uid});
            }
        }
        return ranges;
    }

    /** {@code set} with {@code *} as {@code largest}, sorted and without overlaps. */
    private static List<long[]> merged(SequenceSet set, long largest) {
        List<long[]> ranges = new ArrayList<>();
        for (SequenceSet.Range r : set.ranges()) {
            SequenceSet.Range resolved = r.resolve(largest);
            ranges.add(new long[] {resolved.from(), resolved.to()});
        }
        ranges.sort(Comparator.comparingLong(r -> r[0]));
        List<long[]> out = new ArrayList<>();
        for (long[] r : ranges) {
            if (!out.isEmpty() && out.getLast()[1] + 1 >= r[0]) {
                out.getLast()[1] = Math.max(out.getLast()[1], r[1]);
            } else {
                out.add(r.clone());
            }
        }
        return out;
    }

    /** Both lists sorted and without overlaps. */
    private static List<long[]> intersect(List<long[]> a, List<long[]> b) {
        List<long[]> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() && j < b.size()) {
            long from = Math.max(a.get(i)[0], b.get(j)[0]);
            long to = Math.min(a.get(i)[1], b.get(j)[1]);
            if (from <= to) {
                out.add(new long[] {from, to});
            }
            if (a.get(i)[1] < b.get(j)[1]) {
                i++;
            } else {
                j++;
            }
        }
        return out;
    }

    private static String format(List<long[]> ranges) {
        StringBuilder b = new StringBuilder();
        for (long[] r : ranges) {
            if (!b.isEmpty()) {
                b.append(',');
            }
            b.append(r[0]);
            if (r[1] != r[0]) {
                b.append(':').append(r[1]);
            }
        }
        return b.toString();
    }
}
