package org.mailplatform.sieve;

import java.util.Locale;

/**
 * The three comparators Sieve scripts may name (RFC 4790, RFC 5228 2.7.3), implemented here because
 * the relational match types need their ordering, which jSieve's comparators do not offer, and
 * {@code :matches} needs their character equality to capture what its wildcards matched.
 *
 * <p>{@code i;octet} compares code points (the order of the UTF-8 octets); {@code i;ascii-casemap}
 * the same after mapping ASCII letters to one case; {@code i;ascii-numeric} compares the number the
 * leading digits of a string spell, of any length, and a string that does not start with a digit
 * as positive infinity (all such strings are equal). Numbers have no substrings: {@code :contains}
 * and {@code :matches} with {@code i;ascii-numeric} are refused when the script is compiled.
 */
enum SieveComparator {
    OCTET("i;octet"),
    ASCII_CASEMAP("i;ascii-casemap"),
    ASCII_NUMERIC("i;ascii-numeric");

    private final String sieveName;

    SieveComparator(String sieveName) {
        this.sieveName = sieveName;
    }

    String sieveName() {
        return sieveName;
    }

    /** The comparator of that name (names compare without case, RFC 4790 3.1), or null. */
    static SieveComparator named(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (SieveComparator c : values()) {
            if (c.sieveName.equals(n)) {
                return c;
            }
        }
        return null;
    }

    /** Whether a script may use it without {@code require "comparator-<name>"} (RFC 5228 2.7.3). */
    boolean implicit() {
        return this != ASCII_NUMERIC;
    }

    /** Whether {@code :contains} and {@code :matches} can use it. */
    boolean substrings() {
        return this != ASCII_NUMERIC;
    }

    /** The order of {@code a} and {@code b}: negative, zero or positive. */
    int compare(String a, String b) {
        return switch (this) {
            case OCTET -> codePoints(a, b, false);
            case ASCII_CASEMAP -> codePoints(a, b, true);
            case ASCII_NUMERIC -> numeric(a, b);
        };
    }

    /** Whether one character (code point) of a value equals one of a key. */
    boolean same(int a, int b) {
        return this == ASCII_CASEMAP ? fold(a) == fold(b) : a == b;
    }

    /** Whether {@code key} occurs in {@code value} ({@code :contains}). */
    boolean contains(String value, String key) {
        if (this == OCTET) {
            return value.contains(key);
        }
        return fold(value).contains(fold(key));
    }

    private static int codePoints(String a, String b, boolean fold) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            int d = fold ? Integer.compare(fold(x), fold(y)) : Integer.compare(x, y);
            if (d != 0) {
                return d;
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    /** RFC 4790 9.1: the leading digits as a number without bound; no leading digit is infinity. */
    private static int numeric(String a, String b) {
        String x = digits(a);
        String y = digits(b);
        if (x == null || y == null) {
            return Boolean.compare(x == null, y == null);
        }
        // no leading zeros left: a longer number is the larger one, equal lengths compare by digits
        return x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
    }

    /** The leading ASCII digits without leading zeros ("" for zero), or null for infinity. */
    private static String digits(String s) {
        int end = 0;
        while (end < s.length() && s.charAt(end) >= '0' && s.charAt(end) <= '9') {
            end++;
        }
        if (end == 0) {
            return null;
        }
        int start = 0;
        while (start < end && s.charAt(start) == '0') {
            start++;
        }
        return s.substring(start, end);
    }

    private static int fold(int c) {
        return c >= 'a' && c <= 'z' ? c - 32 : c;
    }

    private static String fold(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c >= 'a' && c <= 'z' ? (char) (c - 32) : c);
        }
        return b.toString();
    }
}
