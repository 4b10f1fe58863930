package org.mailplatform.store.mongo;

import static org.springframework.data.mongodb.core.aggregation.Aggregation.group;
import static org.springframework.data.mongodb.core.aggregation.Aggregation.match;
import static org.springframework.data.mongodb.core.aggregation.Aggregation.newAggregation;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.util.List;

import org.bson.Document;
import org.mailplatform.model.Principal;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Sets quota counters to what they count, as an operator's repair (Dovecot's {@code doveadm quota
 * recalc}). The counters are kept by increments without transactions, so they can drift: a crash
 * between the user's and the domain's reservation leaves the user's counter high (a user refused
 * below the limit), and an insert whose answer was lost but which was stored leaves both a message
 * low.
 *
 * <p>A user's recount sums the user's messages that are not expunged; a domain's sums the counters
 * of the users that recorded it. Either replaces the counter only if it still holds what was read
 * before the sum; otherwise an append or expunge moved it meanwhile and the recount starts again.
 * An append that had reserved before the counter was read and stores its message only after the
 * sum is seen by neither: on a busy account the result can be off by the appends in flight at that
 * instant. Run it again when the account is quieter.
 */
final class QuotaRecount {

    /** The counter before and after. */
    record Result(long bytesBefore, long messagesBefore, long bytes, long messages) {
    }

    private static final int ATTEMPTS = 5;

    private final MongoTemplate mongo;

    QuotaRecount(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    Result user(Principal owner) {
        String id = QuotaLedger.id(owner);
        return recount(QuotaDocument.COLLECTION, id, owner.address(), () -> sum(owner),
                actual -> insertIfUsed(QuotaDocument.COLLECTION, new Document("_id", id).append("tenantId", owner.tenantId())
                        .append("userId", owner.userId()), actual));
    }

    /**
     * The domain counter {@code tenant/domain} as the sum of the user counters that recorded it
     * (every reservation made with a user's address records its domain; a counter untouched since
     * that field exists is not counted until its next reservation).
     */
    Result domain(String tenantId, String domain) {
        String id = tenantId + "/" + domain.toLowerCase(java.util.Locale.ROOT);
        return recount(DomainQuotaDocument.COLLECTION, id, domain, () -> sumOfUsers(id),
                actual -> insertIfUsed(DomainQuotaDocument.COLLECTION, new Document("_id", id).append("tenantId", tenantId)
                        .append("domain", domain.toLowerCase(java.util.Locale.ROOT)), actual));
    }

    private Result recount(String collection, String id, String name, java.util.function.Supplier<long[]> sum,
                           java.util.function.Predicate<long[]> createIfMissing) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Document counter = mongo.findOne(query(where("_id").is(id)), Document.class, collection);
            long bytesBefore = counter == null ? 0 : number(counter.get("bytes"));
            long messagesBefore = counter == null ? 0 : number(counter.get("messages"));
            long[] actual = sum.get();
            if (counter == null ? createIfMissing.test(actual)
                    : replace(collection, id, bytesBefore, messagesBefore, actual)) {
                return new Result(bytesBefore, messagesBefore, actual[0], actual[1]);
            }
        }
        throw new IllegalStateException("the quota usage of " + name + " kept changing during " + ATTEMPTS
                + " recounts; try again when it is quieter");
    }

    private long[] sumOfUsers(String domainId) {
        var total = newAggregation(match(where("domainId").is(domainId)),
                group().sum("bytes").as("bytes").sum("messages").as("messages"));
        Document sum = mongo.aggregate(total, QuotaDocument.COLLECTION, Document.class).getUniqueMappedResult();
        return sum == null ? new long[] {0, 0} : new long[] {number(sum.get("bytes")), number(sum.get("messages"))};
    }

    /** Bytes and messages of the user's messages that are not expunged, by their mailboxes' ids (the mailbox_uid index). */
    private long[] sum(Principal owner) {
        Query mailboxes = query(where("tenantId").is(owner.tenantId()).and("userId").is(owner.userId()));
        mailboxes.fields().include("_id");
        List<Object> ids = mongo.find(mailboxes, Document.class, MailboxDocument.COLLECTION).stream()
                .map(d -> d.get("_id")).toList();
        if (ids.isEmpty()) {
            return new long[] {0, 0};
        }
        var total = newAggregation(match(where("mailboxId").in(ids.stream().map(String::valueOf).toList())
                        .and("tenantId").is(owner.tenantId()).and("userId").is(owner.userId()).and("expunged").is(false)),
                group().sum("size").as("bytes").count().as("messages"));
        Document sum = mongo.aggregate(total, MessageDocument.COLLECTION, Document.class).getUniqueMappedResult();
        return sum == null ? new long[] {0, 0} : new long[] {number(sum.get("bytes")), number(sum.get("messages"))};
    }

    private boolean replace(String collection, String id, long bytesBefore, long messagesBefore, long[] actual) {
        return mongo.updateFirst(query(where("_id").is(id).and("bytes").is(bytesBefore).and("messages").is(messagesBefore)),
                new Update().set("bytes", actual[0]).set("messages", actual[1]), collection)
                .getMatchedCount() == 1;
    }

    /** A counter no reservation made yet: created when there is usage, unless another node did it first. */
    private boolean insertIfUsed(String collection, Document counter, long[] actual) {
        if (actual[0] == 0 && actual[1] == 0) {
            return true;
        }
        try {
            mongo.insert(counter.append("bytes", actual[0]).append("messages", actual[1]), collection);
            return true;
        } catch (DuplicateKeyException createdMeanwhile) {
            return false;
        }
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }
}
