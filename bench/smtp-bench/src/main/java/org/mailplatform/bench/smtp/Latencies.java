package org.mailplatform.bench.smtp;

import java.util.Arrays;

/** Collected DATA-end-to-250 times of a run, and their percentiles. */
final class Latencies {

    private final long[] nanos;
    private int count;

    Latencies(int capacity) {
        nanos = new long[capacity];
    }

    synchronized void add(long value) {
        nanos[count++] = value;
    }

    synchronized int count() {
        return count;
    }

    /** The {@code p}-th percentile (0..100) in milliseconds, nearest-rank. */
    synchronized double percentileMillis(double p) {
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * count);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }
}
