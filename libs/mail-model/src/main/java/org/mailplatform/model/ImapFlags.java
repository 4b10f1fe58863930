package org.mailplatform.model;

import java.util.List;

/**
 * IMAP message flags (RFC 9051 section 2.3.2): the system flags and what a keyword may be. One place
 * for the rules the mailbox store (what it keeps) and users' Sieve filters (imap4flags, RFC 5232)
 * both apply.
 */
public final class ImapFlags {

    public static final String SEEN = "\\Seen";
    public static final String ANSWERED = "\\Answered";
    public static final String FLAGGED = "\\Flagged";
    public static final String DELETED = "\\Deleted";
    public static final String DRAFT = "\\Draft";
    /** IMAP4rev1's session flag, which IMAP4rev2 dropped: never stored, never set. */
    public static final String RECENT = "\\Recent";

    /** The system flags a message can carry, in their RFC spelling. */
    public static final List<String> SYSTEM = List.of(SEEN, ANSWERED, FLAGGED, DELETED, DRAFT);

    private static final String ATOM_SPECIALS = "(){%*\"\\]";

    private ImapFlags() {
    }

    /** The system flag {@code flag} names (they are case-insensitive) in its RFC spelling, or null. */
    public static String system(String flag) {
        for (String s : SYSTEM) {
            if (s.equalsIgnoreCase(flag)) {
                return s;
            }
        }
        return null;
    }

    /** Whether {@code name} has a keyword's syntax: an IMAP atom (printable ASCII, no atom-specials). */
    public static boolean isKeyword(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= 0x20 || c >= 0x7f || ATOM_SPECIALS.indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }
}
