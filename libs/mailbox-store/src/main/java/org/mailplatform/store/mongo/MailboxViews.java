package org.mailplatform.store.mongo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

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
        View cached = views == null ? null : views.getIfPresent(m.id());
        if (cached != null && cached.version().equals(version)) {
            return cached.rows();
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

    private static boolean abandoned(MailboxDocument m) {
        return m.writesBegunAt() == null || m.writesBegunAt().isBefore(Instant.now().minus(ABANDONED_AFTER));
    }
}
