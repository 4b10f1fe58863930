package org.mailplatform.imap.session;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * The ascending UIDs of a selected mailbox, stored as runs of consecutive UIDs: a mailbox whose
 * UIDs have few gaps (the usual case: gaps come only from expunges) costs a few dozen bytes instead
 * of some 20 bytes per message for a list of boxed longs. That matters for thousands of sessions
 * sitting in IDLE on large INBOXes. Position {@code i} (0-based) is message sequence number
 * {@code i + 1}.
 *
 * <p>Runs are kept in three parallel arrays: first UID, length, and the position of the run's first
 * UID, so that both directions (position to UID, UID to position) are binary searches.
 */
final class UidList extends AbstractList<Long> implements RandomAccess {

    private long[] first = new long[1];
    private int[] length = new int[1];
    private int[] start = new int[1];
    private int runs;
    private int size;

    UidList(List<Long> ascending) {
        for (long u : ascending) {
            add(u);
        }
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Long get(int index) {
        return uidAt(index);
    }

    long uidAt(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        int r = runOfPosition(index);
        return first[r] + (index - start[r]);
    }

    long last() {
        return first[runs - 1] + length[runs - 1] - 1;
    }

    /** The 0-based position of {@code uid}, or -1. */
    int indexOfUid(long uid) {
        int lo = 0;
        int hi = runs - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (uid < first[mid]) {
                hi = mid - 1;
            } else if (uid >= first[mid] + length[mid]) {
                lo = mid + 1;
            } else {
                return start[mid] + (int) (uid - first[mid]);
            }
        }
        return -1;
    }

    /** How many UIDs held are above {@code uid}: a binary search over the runs. */
    int countAbove(long uid) {
        int lo = 0;
        int hi = runs;
        // the first run that holds a UID above uid
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (first[mid] + length[mid] - 1 > uid) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        if (lo == runs) {
            return 0;
        }
        int above = uid < first[lo] ? start[lo] : start[lo] + (int) (uid - first[lo]) + 1;
        return size - above;
    }

    /** Appends a UID larger than every UID held (others are ignored). */
    @Override
    public boolean add(Long boxed) {
        long uid = boxed;
        if (runs > 0 && uid <= last()) {
            return false;
        }
        if (runs > 0 && uid == last() + 1) {
            length[runs - 1]++;
        } else {
            grow(runs + 1);
            first[runs] = uid;
            length[runs] = 1;
            start[runs] = size;
            runs++;
        }
        size++;
        return true;
    }

    /** Removes the UID at position {@code index}, splitting its run if it was inside one. */
    @Override
    public Long remove(int index) {
        long uid = uidAt(index);
        int r = runOfPosition(index);
        int offset = index - start[r];
        // the runs after the one that held uid move one position down
        int shiftFrom = r + 1;
        if (length[r] == 1) {
            System.arraycopy(first, r + 1, first, r, runs - r - 1);
            System.arraycopy(length, r + 1, length, r, runs - r - 1);
            System.arraycopy(start, r + 1, start, r, runs - r - 1);
            runs--;
            shiftFrom = r;
        } else if (offset == 0) {
            first[r]++;
            length[r]--;
        } else if (offset == length[r] - 1) {
            length[r]--;
        } else {
            grow(runs + 1);
            System.arraycopy(first, r + 1, first, r + 2, runs - r - 1);
            System.arraycopy(length, r + 1, length, r + 2, runs - r - 1);
            System.arraycopy(start, r + 1, start, r + 2, runs - r - 1);
            first[r + 1] = uid + 1;
            length[r + 1] = length[r] - offset - 1;
            start[r + 1] = start[r] + offset;
            length[r] = offset;
            runs++;
            shiftFrom = r + 2;
        }
        for (int k = shiftFrom; k < runs; k++) {
            start[k]--;
        }
        size--;
        return uid;
    }

    private int runOfPosition(int index) {
        int lo = 0;
        int hi = runs - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (start[mid] <= index) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private void grow(int needed) {
        if (needed > first.length) {
            int capacity = Math.max(needed, first.length + (first.length >> 1) + 1);
            first = Arrays.copyOf(first, capacity);
            length = Arrays.copyOf(length, capacity);
            start = Arrays.copyOf(start, capacity);
        }
    }
}
