package org.mailplatform.store.mongo;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.util.ArrayList;
import java.util.List;

import org.mailplatform.store.MessageRange;
import org.mailplatform.store.UidSet;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/** Queries over the visible messages of one mailbox (below its watermark, not expunged). */
final class MessageQueries {

    private final MongoTemplate mongo;

    MessageQueries(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    static Criteria visible(MailboxDocument m) {
        return where("mailboxId").is(m.id()).and("tenantId").is(m.tenantId()).and("userId").is(m.userId())
                .and("expunged").is(false).and("uid").lt(m.visibleUidNext());
    }

    /** The visible UIDs, ascending. */
    List<Long> uids(MailboxDocument m) {
        Query q = query(visible(m)).with(Sort.by("uid"));
        q.fields().include("uid");
        return mongo.find(q, org.bson.Document.class, MessageDocument.COLLECTION).stream()
                .map(d -> ((Number) d.get("uid")).longValue()).toList();
    }

    /** The addressed UIDs as a criteria on {@code uid} (sequence numbers resolved first). */
    Criteria range(MailboxDocument m, MessageRange range) {
        UidSet uids = switch (range) {
            case MessageRange.ByUid byUid -> byUid.uids();
            case MessageRange.BySequence bySeq -> sequenceToUids(m, bySeq.numbers());
        };
        return uidCriteria(uids);
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
}
