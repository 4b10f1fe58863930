package org.mailplatform.store;

import java.time.Instant;
import java.util.List;

/**
 * IMAP SEARCH keys (RFC 9051 section 6.4.4) the store evaluates. Metadata keys become MongoDB
 * queries; {@link SentDate} is checked against each candidate's envelope; {@link Body} and
 * {@link Text} scan message bytes, within the configured limits.
 */
public sealed interface SearchCriteria {

    record All() implements SearchCriteria {
    }

    /** UID set (and, after translation by the caller, sequence sets). */
    record Uids(UidSet uids) implements SearchCriteria {
    }

    /** Flag set ({@code set = true}: SEEN, KEYWORD x) or not set (UNSEEN, UNKEYWORD x). */
    record Flag(String flag, boolean set) implements SearchCriteria {
    }

    record Larger(long size) implements SearchCriteria {
    }

    record Smaller(long size) implements SearchCriteria {
    }

    /** INTERNALDATE in {@code [from, to)}; either end may be null. */
    record InternalDate(Instant from, Instant to) implements SearchCriteria {
    }

    /**
     * The calendar date of the {@code Date} header as written, its time and zone disregarded
     * (SENTBEFORE, SENTON, SENTSINCE), in {@code [from, to)}; either end may be null. A message
     * without a readable {@code Date} header matches no such range. Checked in memory against each
     * candidate's envelope, as no query can read a date out of the header's text.
     */
    record SentDate(java.time.LocalDate from, java.time.LocalDate to) implements SearchCriteria {
    }

    /**
     * Substring of a header field, case-insensitive, RFC 2047 words decoded for FROM, TO, CC, BCC and
     * SUBJECT. An empty value matches every message that has the field.
     */
    record Header(String field, String value) implements SearchCriteria {
    }

    /** Substring of the body (after the top-level header). */
    record Body(String text) implements SearchCriteria {
    }

    /** Substring of the header or body. */
    record Text(String text) implements SearchCriteria {
    }

    /** MODSEQ at least (RFC 7162). */
    record ModSeq(long modSeq) implements SearchCriteria {
    }

    record And(List<SearchCriteria> all) implements SearchCriteria {
        public And {
            all = List.copyOf(all);
        }
    }

    record Or(SearchCriteria left, SearchCriteria right) implements SearchCriteria {
    }

    record Not(SearchCriteria criteria) implements SearchCriteria {
    }
}
