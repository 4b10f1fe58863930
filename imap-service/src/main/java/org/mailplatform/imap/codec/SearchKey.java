package org.mailplatform.imap.codec;

import java.time.LocalDate;
import java.util.List;

/**
 * A search criterion (RFC 9051 section 6.4.4; MODSEQ from RFC 7162, EMAILID/THREADID from RFC
 * 8474). Several keys in a row mean AND. Keys that are defined through others are expanded by the
 * parser: NEW is RECENT and UNSEEN, OLD is NOT RECENT, UNSEEN is NOT SEEN, and so on.
 */
public sealed interface SearchKey {

    /** Every message. */
    record All() implements SearchKey {
    }

    /**
     * The message has the flag: a system flag with its backslash ({@code \Seen}) or a keyword
     * (KEYWORD). {@code \Recent} stands for RECENT.
     */
    record HasFlag(String flag) implements SearchKey {
    }

    /**
     * The header field contains the value (BCC, CC, FROM, TO, SUBJECT and HEADER); an empty value
     * matches every message with the field.
     */
    record Header(String field, String value) implements SearchKey {
    }

    /** The body (BODY) contains the string. */
    record Body(String value) implements SearchKey {
    }

    /** Header or body (TEXT) contains the string. */
    record Text(String value) implements SearchKey {
    }

    /** How a date or size compares. */
    enum Comparison { BEFORE, ON, SINCE }

    /** BEFORE, ON, SINCE: the internal date, ignoring time and zone. */
    record InternalDate(Comparison comparison, LocalDate date) implements SearchKey {
    }

    /** SENTBEFORE, SENTON, SENTSINCE: the Date header. */
    record SentDate(Comparison comparison, LocalDate date) implements SearchKey {
    }

    /** LARGER ({@code larger = true}) or SMALLER than {@code size} octets. */
    record Size(boolean larger, long size) implements SearchKey {
    }

    /** Message sequence numbers. */
    record Sequence(SequenceSet set) implements SearchKey {
    }

    /** UID set. */
    record Uid(SequenceSet set) implements SearchKey {
    }

    record Not(SearchKey key) implements SearchKey {
    }

    record Or(SearchKey left, SearchKey right) implements SearchKey {
    }

    /** A parenthesized list, or the top-level keys: all must match. */
    record And(List<SearchKey> keys) implements SearchKey {
        public And {
            keys = List.copyOf(keys);
        }
    }

    /** MODSEQ n: messages whose modification sequence is at least n (RFC 7162 section 3.1.5). */
    record ModSeq(long modSeq) implements SearchKey {
    }

    /** EMAILID (RFC 8474). */
    record EmailId(String id) implements SearchKey {
    }

    /** THREADID (RFC 8474). */
    record ThreadId(String id) implements SearchKey {
    }
}
