package org.mailplatform.store;

import java.util.ArrayList;
import java.util.List;

/**
 * A set of message numbers (UIDs or sequence numbers) as IMAP writes it: {@code 1:4,7,9:*}
 * (RFC 9051 section 9, {@code sequence-set}). {@code *} is {@link Long#MAX_VALUE} here and is
 * resolved against the mailbox by the store.
 */
public record UidSet(List<Range> ranges) {

    /** {@code from:to}, inclusive, from <= to. */
    public record Range(long from, long to) {
        public Range {
            if (from > to) {
                long t = from;
                from = to;
                to = t;
            }
            if (from < 1) {
                throw new IllegalArgumentException("message numbers start at 1");
            }
        }

        public boolean contains(long n) {
            return n >= from && n <= to;
        }
    }

    public UidSet {
        ranges = List.copyOf(ranges);
    }

    /** Every message. */
    public static UidSet all() {
        return new UidSet(List.of(new Range(1, Long.MAX_VALUE)));
    }

    public static UidSet of(long... numbers) {
        List<Range> ranges = new ArrayList<>();
        for (long n : numbers) {
            ranges.add(new Range(n, n));
        }
        return new UidSet(ranges);
    }

    public static UidSet range(long from, long to) {
        return new UidSet(List.of(new Range(from, to)));
    }

    /** Parses {@code 1:4,7,9:*}. */
    public static UidSet parse(String text) {
        List<Range> ranges = new ArrayList<>();
        for (String part : text.split(",")) {
            int colon = part.indexOf(':');
            if (colon < 0) {
                long n = number(part);
                ranges.add(new Range(n, n));
            } else {
                ranges.add(new Range(number(part.substring(0, colon)), number(part.substring(colon + 1))));
            }
        }
        return new UidSet(ranges);
    }

    private static long number(String s) {
        return s.equals("*") ? Long.MAX_VALUE : Long.parseLong(s);
    }

    public boolean contains(long n) {
        for (Range r : ranges) {
            if (r.contains(n)) {
                return true;
            }
        }
        return false;
    }
}
