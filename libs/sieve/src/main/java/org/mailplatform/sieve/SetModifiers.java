package org.mailplatform.sieve;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The modifiers of {@code set} (RFC 5229 4), applied to the expanded value in order of precedence,
 * highest first: {@code :lower}/{@code :upper} (40), {@code :lowerfirst}/{@code :upperfirst} (30),
 * {@code :quotewildcard} (20), {@code :length} (10). Two of one precedence are refused by the
 * compiler ({@link SieveExtensions#SET}'s exclusive groups). Case mapping is Unicode's, without a
 * locale; {@code :length} counts characters, not bytes.
 */
final class SetModifiers {

    static final String LOWER = ":lower";
    static final String UPPER = ":upper";
    static final String LOWERFIRST = ":lowerfirst";
    static final String UPPERFIRST = ":upperfirst";
    static final String QUOTEWILDCARD = ":quotewildcard";
    static final String LENGTH = ":length";

    static final Set<String> ALL = Set.of(LOWER, UPPER, LOWERFIRST, UPPERFIRST, QUOTEWILDCARD, LENGTH);
    static final List<Set<String>> EXCLUSIVE = List.of(Set.of(LOWER, UPPER), Set.of(LOWERFIRST, UPPERFIRST));

    private SetModifiers() {
    }

    static String apply(Set<String> modifiers, String value) {
        String v = value;
        if (modifiers.contains(LOWER)) {
            v = v.toLowerCase(Locale.ROOT);
        } else if (modifiers.contains(UPPER)) {
            v = v.toUpperCase(Locale.ROOT);
        }
        if (!v.isEmpty() && (modifiers.contains(LOWERFIRST) || modifiers.contains(UPPERFIRST))) {
            int first = v.codePointAt(0);
            int mapped = modifiers.contains(LOWERFIRST) ? Character.toLowerCase(first) : Character.toUpperCase(first);
            v = new StringBuilder().appendCodePoint(mapped).append(v, Character.charCount(first), v.length()).toString();
        }
        if (modifiers.contains(QUOTEWILDCARD)) {
            StringBuilder b = new StringBuilder(v.length() + 8);
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if (c == '*' || c == '?' || c == '\\') {
                    b.append('\\');
                }
                b.append(c);
            }
            v = b.toString();
        }
        if (modifiers.contains(LENGTH)) {
            v = Integer.toString(v.codePointCount(0, v.length()));
        }
        return v;
    }
}
