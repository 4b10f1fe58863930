package org.mailplatform.store.mongo;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.util.ArrayList;
import java.util.List;

import org.mailplatform.store.MessageMeta;
import org.mailplatform.store.MessageRange;
import org.mailplatform.store.UidSet;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * Queries over the visible messages of one mailbox (below its watermark, not expunged).
 *
 * <p>Reads of a few UIDs are made as exact lookups on the unique {@code (mailboxId, uid)} key, with
 * the owner and visibility checked on the document read: every MongoDB answers those from the
 * index, and the embedded server (which uses a unique index only for an exact match on all its
 * fields) would otherwise scan the whole collection for each.
 */
final class MessageQueries {

    /** The most UIDs a read fetches one exact lookup at a time rather than by one range query. */
    static final int MAX_POINT_LOOKUPS = 8;

    private final MongoTemplate mongo;

    MessageQueries(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** The UIDs of {@code uids} when it names at most {@code limit} of them, else null. */
    static List<Long> few(UidSet uids, int limit) {
        List<Long> out = new ArrayList<>();
        for (UidSet.Range r : uids.ranges()) {
            if (r.to() - r.from() >= limit - out.size()) {
                return null;
            }
            for (long u = r.from(); u <= r.to(); u++) {
                out.add(u);
            }
        }
        return out.stream().distinct().sorted().toList();
    }

    /**
     * The visible messages among {@code uids}, ascending, each read by its unique key; the owner
     * and visibility (what {@link #visible} would filter) are checked on the document read.
     */
    List<MetaRow> lookup(MailboxDocument m, List<Long> uids) {
        List<MetaRow> out = new ArrayList<>();
        for (long uid : uids) {
            if (uid >= m.visibleUidNext()) {
                continue;
            }
            Query q = query(where("mailboxId").is(m.id()).and("uid").is(uid));
            q.fields().include(MetaRow.FIELDS).include("tenantId", "userId", "tombstone");
            org.bson.Document d = mongo.findOne(q, org.bson.Document.class, MessageDocument.COLLECTION);
            if (d != null && m.tenantId().equals(d.getString("tenantId")) && m.userId().equals(d.getString("userId"))
                    && !Boolean.TRUE.equals(d.getBoolean("tombstone"))) {
                MetaRow row = MetaRow.of(d);
                if (!row.expunged()) {
                    out.add(row);
                }
            }
        }
        return out;
    }

    /**
     * The visible messages among {@code uids} that carry {@code modSeq} (those a change just
     * wrote), without their summaries.
     */
    List<MessageMeta> withModSeq(MailboxDocument m, UidSet uids, long modSeq) {
        List<Long> few = few(uids, MAX_POINT_LOOKUPS);
        if (few != null) {
            return lookup(m, few).stream().filter(r -> r.modSeq() == modSeq).map(r -> r.toMeta(m.id(), null)).toList();
        }
        return rows(m, where("modSeq").is(modSeq)).stream().map(r -> r.toMeta(m.id(), null)).toList();
    }

    /** The small fields ({@link MetaRow}) of the visible messages matching {@code extra}, ascending. */
    List<MetaRow> rows(MailboxDocument m, Criteria extra) {
        return rows(query(new Criteria().andOperator(visible(m), extra)), MetaRow.FIELDS);
    }

    /**
     * The {@link MetaRow}s of a query, ascending by UID. Sorted here: the embedded server sorts by a
     * slow generic comparison, and a real one has no cheaper order to give.
     */
    List<MetaRow> rows(Query q, String... fields) {
        q.fields().include(fields);
        List<MetaRow> out = new ArrayList<>();
        for (org.bson.Document d : mongo.find(q, org.bson.Document.class, MessageDocument.COLLECTION)) {
            out.add(MetaRow.of(d));
        }
        out.sort(MetaRow.BY_UID);
        return out;
    }

    static Criteria visible(MailboxDocument m) {
        return where("mailboxId").is(m.id()).and("tenantId").is(m.tenantId()).and("userId").is(m.userId())
                .and("expunged").is(false).and("uid").lt(m.visibleUidNext());
    }

    /** The visible UIDs, ascending. */
    List<Long> uids(MailboxDocument m) {
        Query q = query(visible(m));
        q.fields().include("uid");
        return mongo.find(q, org.bson.Document.class, MessageDocument.COLLECTION).stream()
                .map(d -> ((Number) d.get("uid")).longValue()).sorted().toList();
    }

    /** The addressed UIDs as a criteria on {@code uid} (sequence numbers resolved first). */
    Criteria range(MailboxDocument m, MessageRange range) {
        return uidCriteria(resolve(m, range));
    }

    /** The addressed UIDs, sequence numbers resolved against the visible messages. */
    UidSet resolve(MailboxDocument m, MessageRange range) {
        return switch (range) {
            case MessageRange.ByUid byUid -> byUid.uids();
            case MessageRange.BySequence bySeq -> sequenceToUids(m, bySeq.numbers());
        };
    }

    static Criteria uidCriteria(UidSet uids) {
        if (uids.ranges().isEmpty()) {
            return where("uid").lt(0);
        }
        List<Long> singles = new ArrayList<>();
        List<Criteria> ranges = new ArrayList<>();
        for (UidSet.Range r : uids.ranges()) {
            if (r.from() == r.to()) {
                singles.add(r.from());
            } else {
                ranges.add(where("uid").gte(r.from()).lte(r.to()));
            }
        }
        if (!singles.isEmpty()) {
            ranges.add(where("uid").in(singles));
        }
        return ranges.size() == 1 ? ranges.get(0) : new Criteria().orOperator(ranges);
    }

    private UidSet sequenceToUids(MailboxDocument m, UidSet numbers) {
        List<Long> all = uids(m);
        List<UidSet.Range> out = new ArrayList<>();
        if (all.isEmpty()) {
            return new UidSet(out);
        }
        long max = all.size();
        for (UidSet.Range r : numbers.ranges()) {
            long from = Math.min(r.from(), max);
            long to = Math.min(r.to(), max);
            out.add(new UidSet.Range(all.get((int) from - 1), all.get((int) to - 1)));
        }
        return new UidSet(out);
    }

    List<MessageDocument> find(MailboxDocument m, Criteria extra) {
        return mongo.find(query(new Criteria().andOperator(visible(m), extra)).with(Sort.by("uid")),
                MessageDocument.class);
    }

    /**
     * As {@link #find}, read from the cursor a batch at a time: for candidates checked one by one,
     * so a search over a large mailbox never holds every document with its summary. Close it.
     */
    java.util.stream.Stream<MessageDocument> stream(MailboxDocument m, Criteria extra) {
        return mongo.stream(query(new Criteria().andOperator(visible(m), extra)).with(Sort.by("uid")),
                MessageDocument.class);
    }
}
