package org.mailplatform.store;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/** System flags (RFC 9051 section 2.3.2) and the canonical spelling the store keeps flags in. */
public final class Flags {

    public static final String SEEN = "\\Seen";
    public static final String ANSWERED = "\\Answered";
    public static final String FLAGGED = "\\Flagged";
    public static final String DELETED = "\\Deleted";
    public static final String DRAFT = "\\Draft";

    private static final Set<String> SYSTEM = Set.of(SEEN, ANSWERED, FLAGGED, DELETED, DRAFT);

    private Flags() {
    }

    /**
     * The canonical form: system flags in their RFC spelling (they are case-insensitive), keywords as
     * given. {@code \Recent} is not stored (IMAP4rev2 dropped it).
     */
    public static String canonical(String flag) {
        if (flag.startsWith("\\")) {
            for (String s : SYSTEM) {
                if (s.equalsIgnoreCase(flag)) {
                    return s;
                }
            }
            if (flag.equalsIgnoreCase("\\Recent")) {
                return null;
            }
            throw new IllegalArgumentException("unknown system flag " + flag);
        }
        if (flag.isEmpty() || flag.length() > 100 || !flag.chars().allMatch(c -> c > 0x20 && c < 0x7f
                && "(){%*\"\\]".indexOf(c) < 0)) {
            throw new IllegalArgumentException("invalid keyword " + flag);
        }
        return flag;
    }

    public static Set<String> canonical(Set<String> flags) {
        Set<String> out = new LinkedHashSet<>();
        for (String f : flags) {
            String c = canonical(f);
            if (c != null) {
                out.add(c);
            }
        }
        return out;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
