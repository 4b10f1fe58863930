package org.mailplatform.sieve;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.mailplatform.model.ImapFlags;

/**
 * IMAP flags as the {@code imap4flags} extension (RFC 5232) handles them: a string holds flag names
 * separated by spaces; a flag is a system flag ({@code \Seen}, {@code \Answered}, {@code \Flagged},
 * {@code \Deleted}, {@code \Draft}) or a keyword, an IMAP atom (RFC 3501 section 9); names compare
 * without case.
 *
 * <p>Two kinds of bad names, as Pigeonhole treats them: one that is no IMAP flag at all (a keyword
 * with a space, a parenthesis, a quote, a non-ASCII letter ..., or a lone backslash) makes the script
 * not compile; one that is a flag's syntax but cannot be set ({@code \Recent}, or another
 * {@code \Word} IMAP may define some day) is ignored where it is set.
 */
final class Imap4Flags {


    private Imap4Flags() {
    }

    /** The flag names in {@code strings}: each string split at spaces, empty pieces dropped. */
    static List<String> split(Collection<String> strings) {
        List<String> out = new ArrayList<>();
        for (String s : strings) {
            for (String piece : s.split(" ")) {
                if (!piece.isEmpty()) {
                    out.add(piece);
                }
            }
        }
        return out;
    }

    /** Why {@code flag} is no IMAP flag at all, or null when it has a flag's syntax. */
    static String invalid(String flag) {
        String name = flag.startsWith("\\") ? flag.substring(1) : flag;
        if (name.isEmpty()) {
            return "\"" + flag + "\" is no IMAP flag";
        }
        if (!ImapFlags.isKeyword(name)) {
            return "\"" + printable(flag) + "\" is no IMAP flag: a keyword is letters, digits and"
                    + " punctuation other than ( ) { % * \" \\ ]";
        }
        return null;
    }

    /**
     * The flag as it is stored: a system flag in its canonical spelling, a keyword as written; null
     * for one that cannot be set (no flag's syntax, {@code \Recent}, an unknown {@code \Word}).
     */
    static String settable(String flag) {
        if (invalid(flag) != null) {
            return null;
        }
        return flag.startsWith("\\") ? ImapFlags.system(flag) : flag;
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(60).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                b.append('?');
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }

    /**
     * The internal variable of RFC 5232, or a variable's value read as flags (with {@code variables}):
     * a set of flags without case, in the order they were added, holding only flags that can be set.
     */
    static final class FlagSet {
        private final Map<String, String> flags = new LinkedHashMap<>();

        /** {@code setflag}: the flags in {@code strings} replace the value. */
        void set(Collection<String> strings) {
            flags.clear();
            add(strings);
        }

        /** {@code addflag}: the flags in {@code strings} are added; those already there stay once. */
        void add(Collection<String> strings) {
            for (String f : split(strings)) {
                String s = settable(f);
                if (s != null) {
                    flags.putIfAbsent(key(s), s);
                }
            }
        }

        /** {@code removeflag}: the flags in {@code strings} are removed, whatever their case. */
        void remove(Collection<String> strings) {
            for (String f : split(strings)) {
                flags.remove(key(f));
            }
        }

        /** The flags a variable's value holds (RFC 5232 3 with {@code variables}). */
        static FlagSet of(String value) {
            FlagSet set = new FlagSet();
            set.add(List.of(value));
            return set;
        }

        /** The current value, in order. */
        List<String> values() {
            return List.copyOf(flags.values());
        }

        /** The current value as the flags of a stored message. */
        Set<String> snapshot() {
            return Collections.unmodifiableSet(new LinkedHashSet<>(flags.values()));
        }

        private static String key(String flag) {
            return flag.toLowerCase(Locale.ROOT);
        }
    }

    /** The flags of {@code :flags}: what the strings name that can be set, each once without case. */
    static Set<String> of(Collection<String> strings) {
        FlagSet set = new FlagSet();
        set.set(strings);
        return set.snapshot();
    }
}
