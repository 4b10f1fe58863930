package org.mailplatform.sieve;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code :matches} match type (RFC 5228 2.7.1): {@code *} matches any run of characters,
 * {@code ?} one character, a backslash makes the next character literal; the whole value must
 * match. It also gives what matched (RFC 5229 3.2, the match variables): the value, then the text
 * of each wildcard from the left, where each {@code *} takes as little as the rest of the pattern
 * lets it (the RFC's example: {@code "[*] *"} against {@code "[acme-users] [fwd] out"} gives
 * {@code acme-users} first).
 *
 * <p>Runs in time proportional to value length times pattern length: on a mismatch only the last
 * {@code *} grows, which finds a match whenever there is one (the earlier stars, and the literal
 * runs between them, are already at their leftmost places), so no input makes it backtrack
 * exponentially. Characters are code points, so {@code ?} matches one non-BMP character.
 */
final class Wildcard {

    private static final int STAR = -1;
    private static final int ONE = -2;

    private Wildcard() {
    }

    /** Whether {@code value} matches {@code pattern} under {@code comparator}'s character equality. */
    static boolean matches(String pattern, String value, SieveComparator comparator) {
        return match(pattern, value, comparator) != null;
    }

    /**
     * What matched: element 0 the whole value, then one element per wildcard from the left; null
     * when the value does not match.
     */
    static List<String> match(String pattern, String value, SieveComparator comparator) {
        int[] p = tokens(pattern);
        int[] s = value.codePoints().toArray();
        int[] start = new int[p.length];
        int[] end = new int[p.length];
        int pi = 0;
        int si = 0;
        int star = -1;
        int starAt = 0;
        while (si < s.length) {
            if (pi < p.length && p[pi] == STAR) {
                star = pi;
                starAt = si;
                start[pi] = si;
                end[pi] = si;
                pi++;
            } else if (pi < p.length && (p[pi] == ONE || (p[pi] >= 0 && comparator.same(s[si], p[pi])))) {
                start[pi] = si;
                end[pi] = si + 1;
                pi++;
                si++;
            } else if (star >= 0) {
                // grow the last star by one character and match the rest of the pattern again
                starAt++;
                end[star] = starAt;
                si = starAt;
                pi = star + 1;
            } else {
                return null;
            }
        }
        while (pi < p.length && p[pi] == STAR) {
            start[pi] = si;
            end[pi] = si;
            pi++;
        }
        if (pi < p.length) {
            return null;
        }
        List<String> captures = new ArrayList<>();
        captures.add(value);
        for (int i = 0; i < p.length; i++) {
            if (p[i] == STAR || p[i] == ONE) {
                captures.add(new String(s, start[i], end[i] - start[i]));
            }
        }
        return captures;
    }

    /** The pattern as code points, {@link #STAR} and {@link #ONE} for the unescaped wildcards. */
    private static int[] tokens(String pattern) {
        int[] cps = pattern.codePoints().toArray();
        int[] out = new int[cps.length];
        int n = 0;
        for (int i = 0; i < cps.length; i++) {
            int c = cps[i];
            if (c == '\\' && i + 1 < cps.length) {
                out[n++] = cps[++i];
            } else if (c == '*') {
                // consecutive stars match as one would, but each is still a match variable
                out[n++] = STAR;
            } else if (c == '?') {
                out[n++] = ONE;
            } else {
                out[n++] = c;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }
}
