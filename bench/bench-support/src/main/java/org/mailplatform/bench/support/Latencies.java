package org.mailplatform.bench.support;

import java.util.Arrays;

/** Collected times of one kind in a run (a command to its reply, DATA's end to the 250), and their percentiles. */
public final class Latencies {

    private long[] nanos;
    private int count;

    public Latencies() {
        this(1024);
    }

    /** @param capacity how many times are expected (it grows beyond) */
    public Latencies(int capacity) {
        nanos = new long[Math.max(16, capacity)];
    }

    public synchronized void add(long value) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = value;
    }

    public synchronized int count() {
        return count;
    }

    /** The {@code p}-th percentile (0..100) in milliseconds, nearest-rank. */
    public synchronized double percentileMillis(double p) {
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * count);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }
}
