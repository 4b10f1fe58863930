package org.mailplatform.store.mongo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import org.mailplatform.store.UidSet;

/**
 * Node-local copies of mailboxes' visible message rows ({@link MetaRow}: UID, flags, MODSEQ, size,
 * dates, blob key), so a SELECT or a FETCH of many messages of a mailbox that has not changed reads
 * the mailbox document only, not every message: what Dovecot's index files do for it.
 *
 * <p>A copy holds while the mailbox document's UIDVALIDITY, watermark and change counters are what
 * they were when the rows were read ({@link Version}):
 * <ul>
 *   <li>Appends, copies and moves in show only through the watermark, which moves after their
 *       documents are written ({@link VisibilityGate}).</li>
 *   <li>Flag changes and expunges rewrite documents under a MODSEQ allocated first, so they are
 *       bracketed by {@code writesBegun}, counted up with the MODSEQ, and {@code writesEnded},
 *       counted up after the documents are written ({@link MailboxCatalog#beginChange}). Rows are
 *       kept only when the two were equal in the document read before the rows (no change in flight);
 *       a change begun after that moves {@code writesBegun}, so the copy no longer matches.</li>
 *   <li>A writer that died between the two leaves them unequal, which only keeps the mailbox out of
 *       the cache: after {@link #ABANDONED_AFTER} the next reader closes the gap.</li>
 * </ul>
 * Every read still reads the mailbox document fresh; only the message rows are saved.
 */
final class MailboxViews {

    /** How long a change may stay begun and not ended before its writer is taken for dead. */
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(1);

    /** Heap of one row in the cache, for the weigher (fields, flags, strings, cache entry). */
    private static final int ROW_BYTES = 320;

    private final MessageQueries queries;
    private final MailboxCatalog catalog;
    private final Cache<String, View> views;
    private final long maxRows;

    /** @param maxBytes heap for the copies (0: none kept); one mailbox may take up to a quarter of it */
    MailboxViews(MessageQueries queries, MailboxCatalog catalog, long maxBytes, MeterRegistry meters) {
        this.queries = queries;
        this.catalog = catalog;
        this.maxRows = maxBytes / 4 / ROW_BYTES;
        this.views = maxBytes <= 0 ? null : Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String id, View v) -> (int) Math.min(Integer.MAX_VALUE, weight(v.rows())))
                .recordStats()
                .build();
        if (views != null) {
            CaffeineCacheMetrics.monitor(meters, views, "mail.store.views");
        }
    }

    private static long weight(List<MetaRow> rows) {
        long bytes = 64 + (long) rows.size() * ROW_BYTES;
        for (MetaRow row : rows) {
            bytes += row.extraBytes();
        }
        return bytes;
    }

    /** What a copy of a mailbox's rows depends on. */
    record Version(long uidValidity, long visibleUidNext, long writesBegun, long writesEnded) {
        static Version of(MailboxDocument m) {
            return new Version(m.uidValidity(), m.visibleUidNext(), m.writesBegun(), m.writesEnded());
        }

        boolean settled() {
            return writesBegun == writesEnded;
        }
    }

    private record View(Version version, List<MetaRow> rows) {
    }

    /** The visible, unexpunged rows of {@code m}, ascending by UID; {@code m} must be freshly read. */
    List<MetaRow> rows(MailboxDocument m) {
        Version version = Version.of(m);
        List<MetaRow> current = current(m);
        if (current != null) {
            return current;
        }
        List<MetaRow> rows = queries.rows(org.springframework.data.mongodb.core.query.Query.query(MessageQueries.visible(m)),
                MetaRow.FIELDS);
        if (views != null && version.settled() && rows.size() <= maxRows) {
            views.put(m.id(), new View(version, List.copyOf(rows)));
        } else if (!version.settled() && abandoned(m)) {
            catalog.closeAbandonedChanges(m);
        }
        return rows;
    }

    /**
     * The visible, unexpunged rows of {@code m} whose UIDs are in {@code uids}, ascending; {@code m}
     * must be freshly read. From this node's copy when it holds; else a few UIDs by their keys; else
     * the whole mailbox's rows, kept for the next read, when the mailbox fits the cache; else one
     * query on the range, which the {@code (mailboxId, uid)} index serves. Never the whole of a
     * mailbox too large to keep: that read would be repeated by every batch of a large FETCH or of
     * POP3's read-ahead.
     */
    List<MetaRow> rows(MailboxDocument m, UidSet uids) {
        List<MetaRow> current = current(m);
        if (current != null) {
            return within(current, uids);
        }
        List<Long> few = MessageQueries.few(uids, MessageQueries.MAX_POINT_LOOKUPS);
        if (few != null) {
            return queries.lookup(m, few);
        }
        if (views != null && m.messages() <= maxRows) {
            return within(rows(m), uids);
        }
        return queries.rows(m, MessageQueries.uidCriteria(uids));
    }

    /**
     * The rows of {@code uids} from this node's copy if it is current for {@code m}, else null (nothing
     * read). {@code m} may come from the catalog's short-lived read cache when what is asked of the rows
     * cannot go stale: a UID's blob key never changes.
     */
    List<MetaRow> kept(MailboxDocument m, UidSet uids) {
        List<MetaRow> current = current(m);
        return current == null ? null : within(current, uids);
    }

    /** This node's copy of {@code m}'s rows if it is current for the freshly read {@code m}, else null. */
    private List<MetaRow> current(MailboxDocument m) {
        View cached = views == null ? null : views.getIfPresent(m.id());
        return cached != null && cached.version().equals(Version.of(m)) ? cached.rows() : null;
    }

    /**
     * The rows among {@code rows} (ascending by UID, no repeats) whose UIDs are in {@code uids},
     * ascending: each range found by binary search, so a batch of a few UIDs costs a few comparisons
     * however large the mailbox.
     */
    static List<MetaRow> within(List<MetaRow> rows, UidSet uids) {
        List<MetaRow> out = new ArrayList<>();
        for (UidSet.Range r : uids.ranges()) {
            // both ends by binary search and one bulk copy: a loop that compared each row with the
            // range's end was compiled again and again as the JIT's profile of its bounds changed
            int from = firstAtLeast(rows, r.from());
            int to = r.to() == Long.MAX_VALUE ? rows.size() : firstAtLeast(rows, r.to() + 1);
            if (from < to) {
                out.addAll(rows.subList(from, to));
            }
        }
        if (uids.ranges().size() > 1) {
            // ranges of a set may come in any order and overlap (IMAP "5,1:3,2")
            out.sort(MetaRow.BY_UID);
            for (int i = out.size() - 1; i > 0; i--) {
                if (out.get(i).uid() == out.get(i - 1).uid()) {
                    out.remove(i);
                }
            }
        }
        return out;
    }

    private static int firstAtLeast(List<MetaRow> rows, long uid) {
        int low = 0;
        int high = rows.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (rows.get(mid).uid() < uid) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    private static boolean abandoned(MailboxDocument m) {
        return m.writesBegunAt() == null || m.writesBegunAt().isBefore(Instant.now().minus(ABANDONED_AFTER));
    }
}
