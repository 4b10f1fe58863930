package org.mailplatform.store;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

import org.mailplatform.model.ImapFlags;

/** System flags (RFC 9051 section 2.3.2) and the canonical spelling the store keeps flags in. */
public final class Flags {

    public static final String SEEN = ImapFlags.SEEN;
    public static final String ANSWERED = ImapFlags.ANSWERED;
    public static final String FLAGGED = ImapFlags.FLAGGED;
    public static final String DELETED = ImapFlags.DELETED;
    public static final String DRAFT = ImapFlags.DRAFT;

    private Flags() {
    }

    /**
     * The canonical form: system flags in their RFC spelling (they are case-insensitive), keywords as
     * given. {@code \Recent} is not stored (IMAP4rev2 dropped it).
     */
    public static String canonical(String flag) {
        if (flag.startsWith("\\")) {
            String system = ImapFlags.system(flag);
            if (system != null) {
                return system;
            }
            if (flag.equalsIgnoreCase(ImapFlags.RECENT)) {
                return null;
            }
            throw new IllegalArgumentException("unknown system flag " + flag);
        }
        if (flag.length() > 100 || !ImapFlags.isKeyword(flag)) {
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
