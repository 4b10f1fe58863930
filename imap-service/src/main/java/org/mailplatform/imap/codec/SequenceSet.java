package org.mailplatform.imap.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * A sequence set (RFC 9051 section 9, {@code sequence-set}) of message sequence numbers or UIDs,
 * e.g. {@code 1:4,7,9:*}, or {@code $}: the result saved by a previous SEARCH (RFC 5182).
 *
 * @param ranges the ranges as sent, each with {@code from <= to}; {@link #STAR} stands for {@code *}
 * @param saved  {@code true} for {@code $}; then {@code ranges} is empty
 */
public record SequenceSet(List<Range> ranges, boolean saved) {

    /** The value of {@code *}: the largest number in use, resolved by {@link Range#resolve(long)}. */
    public static final long STAR = Long.MAX_VALUE;

    private static final long MAX_NUMBER = 0xFFFFFFFFL;

    public SequenceSet {
        ranges = List.copyOf(ranges);
    }

    /**
     * An inclusive range. {@code *} is {@link #STAR}; since {@code *} compares greater than any
     * number, {@code *:4} is kept as {@code 4:*}.
     */
    public record Range(long from, long to) {

        public Range {
            if (from > to) {
                long t = from;
                from = to;
                to = t;
            }
        }

        /**
         * The range with {@code *} replaced by {@code largest} (RFC 9051 section 6.4.8: with
         * {@code *} = 3, {@code 5:*} means {@code 3:5}). Empty when {@code largest} is 0 and
         * {@code *} is used.
         */
        public Range resolve(long largest) {
            long f = from == STAR ? largest : from;
            long t = to == STAR ? largest : to;
            return new Range(f, t);
        }

        public boolean contains(long n) {
            return n >= from && n <= to;
        }
    }

    /** The saved search result ({@code $}). */
    public static SequenceSet savedResult() {
        return new SequenceSet(List.of(), true);
    }

    public static SequenceSet of(long from, long to) {
        return new SequenceSet(List.of(new Range(from, to)), false);
    }

    /** Whether {@code n} is in the set, with {@code *} as {@code largest}. */
    public boolean contains(long n, long largest) {
        for (Range r : ranges) {
            if (r.resolve(largest).contains(n)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Parses {@code sequence-set}: comma-separated {@code seq-number} or {@code seq-range}, numbers
     * from 1 to 2^32-1, or {@code $}.
     */
    public static SequenceSet parse(String s) {
        if (s.equals("$")) {
            return savedResult();
        }
        if (s.isEmpty()) {
            throw new ImapSyntaxException("empty sequence set");
        }
        List<Range> ranges = new ArrayList<>();
        for (String part : s.split(",", -1)) {
            int colon = part.indexOf(':');
            if (colon < 0) {
                long n = number(part);
                ranges.add(new Range(n, n));
            } else {
                ranges.add(new Range(number(part.substring(0, colon)), number(part.substring(colon + 1))));
            }
        }
        return new SequenceSet(ranges, false);
    }

    private static long number(String s) {
        if (s.equals("*")) {
            return STAR;
        }
        if (s.isEmpty() || s.length() > 10 || s.charAt(0) == '0') {
            throw new ImapSyntaxException("invalid sequence number '" + s + "'");
        }
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new ImapSyntaxException("invalid sequence number '" + s + "'");
            }
            n = n * 10 + (c - '0');
        }
        if (n > MAX_NUMBER) {
            throw new ImapSyntaxException("sequence number out of range: " + s);
        }
        return n;
    }

    /** The set in IMAP syntax, e.g. for COPYUID. */
    @Override
    public String toString() {
        if (saved) {
            return "$";
        }
        StringBuilder b = new StringBuilder();
        for (Range r : ranges) {
            if (!b.isEmpty()) {
                b.append(',');
            }
            b.append(r.from == STAR ? "*" : Long.toString(r.from));
            if (r.to != r.from) {
                b.append(':').append(r.to == STAR ? "*" : Long.toString(r.to));
            }
        }
        return b.toString();
    }

    /** Compact IMAP syntax for a sorted list of numbers: {@code 1:3,7} (for COPYUID, ESEARCH). */
    public static String format(List<Long> sortedNumbers) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < sortedNumbers.size()) {
            long start = sortedNumbers.get(i);
            long end = start;
            while (i + 1 < sortedNumbers.size() && sortedNumbers.get(i + 1) == end + 1) {
                end = sortedNumbers.get(++i);
            }
            if (!b.isEmpty()) {
                b.append(',');
            }
            b.append(start);
            if (end != start) {
                b.append(':').append(end);
            }
            i++;
        }
        return b.toString();
    }
}
