package org.mailplatform.store.mongo;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.util.List;

import org.bson.Document;
import org.mailplatform.model.Principal;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Deletes everything one user has in the mailbox database, for an account that is being deleted:
 * their message documents (expunged ones and tombstones too), their mailboxes, their quota
 * counter, their Sieve scripts and vacation records, and gives their usage back to their domain's counter. Every query names the tenant and
 * the user, so another user of the tenant, or a user of another tenant with the same id, keeps
 * everything. Message blobs stay, their keys recorded as released: once no message refers to them the blob garbage collector deletes
 * them after its grace period.
 *
 * <p>Idempotent and safe to run again after a failure: each step deletes what is left, and the
 * domain counter is lowered at most once per user (see {@link #releaseQuota}). The domain is the one
 * the user's counter recorded, else the one of the principal's address.
 */
final class UserDataPurge {

    /** What one run deleted: documents, and the usage given back to the domain. */
    record Result(long mailboxes, long messages, long quotaBytes, long quotaMessages, long sieveScripts) {
    }

    private record Usage(long bytes, long messages) {
        static final Usage NONE = new Usage(0, 0);
    }

    /** Field of a domain counter naming the users whose usage has been subtracted and whose counter is not yet deleted. */
    static final String RELEASED = "releasedUsers";

    private final MongoTemplate mongo;
    private final ReleasedBlobs released;

    UserDataPurge(MongoTemplate mongo) {
        this.mongo = mongo;
        this.released = new ReleasedBlobs(mongo);
    }

    Result run(Principal owner) {
        List<String> mailboxIds = mailboxIds(owner);
        // messages first: a run that stops here leaves the mailboxes, so the next run finds their ids again
        long messages = deleteMessages(owner, mailboxIds);
        long mailboxes = mongo.remove(query(owned(owner)), MailboxDocument.COLLECTION).getDeletedCount();
        // an append that raced the first delete may have inserted into a mailbox just deleted
        messages += deleteMessages(owner, mailboxIds);
        Usage released = releaseQuota(owner);
        long scripts = MongoSieveScripts.purge(mongo, owner);
        return new Result(mailboxes, messages, released.bytes(), released.messages(), scripts);
    }

    private static Criteria owned(Principal owner) {
        return where("tenantId").is(owner.tenantId()).and("userId").is(owner.userId());
    }

    private List<String> mailboxIds(Principal owner) {
        Query q = query(owned(owner));
        q.fields().include("_id");
        return mongo.find(q, Document.class, MailboxDocument.COLLECTION).stream().map(d -> String.valueOf(d.get("_id")))
                .toList();
    }

    /** By mailbox id (the {@code mailbox_uid} index), and by owner as well, so no other user's document can match. */
    private long deleteMessages(Principal owner, List<String> mailboxIds) {
        if (mailboxIds.isEmpty()) {
            return 0;
        }
        Criteria owned = where("mailboxId").in(mailboxIds).and("tenantId").is(owner.tenantId()).and("userId")
                .is(owner.userId());
        // the documents go at once, so the blob collectors learn of their keys first (ADR 0209)
        Query keys = query(owned);
        keys.fields().include("blobKey").exclude("_id");
        try (var found = mongo.stream(keys, Document.class, MessageDocument.COLLECTION);
             var recorder = released.recorder()) {
            found.forEach(d -> recorder.add(d.getString("blobKey")));
        }
        return mongo.remove(query(owned), MessageDocument.COLLECTION).getDeletedCount();
    }

    /**
     * Subtracts the user's usage from the domain counter, then deletes the user's counter. Without
     * transactions these are two writes, so the subtraction also adds the user's quota id to the
     * domain's {@value #RELEASED} and only applies while it is not there: a run that stops after
     * the subtraction leaves the user's counter and the mark, and the next run skips the
     * subtraction, deletes the counter and removes the mark; a run that stops after the deletion
     * leaves only the mark, which the next run removes. The user's counter is deleted only if it
     * still holds what was subtracted; if an append or expunge changed it meanwhile (it changed the
     * domain's counter by the same amount), the subtraction is undone and tried again with the new
     * usage. Should a run stop right after such a change, the domain keeps the difference: too high,
     * the safe side, as {@link QuotaLedger} errs.
     *
     * @return the bytes and messages given back to the domain
     */
    private Usage releaseQuota(Principal owner) {
        String userId = QuotaLedger.id(owner);
        // a mark left by a stopped run is found by itself: the quota id is unique across domains
        Query marked = query(where(RELEASED).is(userId));
        Document usage;
        while ((usage = mongo.findOne(query(where("_id").is(userId).and("tenantId").is(owner.tenantId())
                .and("userId").is(owner.userId())), Document.class, QuotaDocument.COLLECTION)) != null) {
            long bytes = number(usage, "bytes");
            long count = number(usage, "messages");
            String domainId = domainCounter(owner, usage);
            boolean subtracted = domainId != null && mongo.updateFirst(query(where("_id").is(domainId)
                    .and(RELEASED).ne(userId)), new Update().inc("bytes", -bytes).inc("messages", -count)
                    .addToSet(RELEASED, userId), DomainQuotaDocument.COLLECTION).getModifiedCount() == 1;
            boolean deleted = mongo.remove(query(where("_id").is(userId).and("bytes").is(bytes)
                    .and("messages").is(count)), QuotaDocument.COLLECTION).getDeletedCount() == 1;
            if (deleted) {
                mongo.updateMulti(marked, new Update().pull(RELEASED, userId), DomainQuotaDocument.COLLECTION);
                return subtracted ? new Usage(bytes, count) : Usage.NONE;
            }
            if (subtracted) {
                mongo.updateFirst(query(where("_id").is(domainId).and(RELEASED).is(userId)),
                        new Update().inc("bytes", bytes).inc("messages", count).pull(RELEASED, userId),
                        DomainQuotaDocument.COLLECTION);
            }
        }
        mongo.updateMulti(marked, new Update().pull(RELEASED, userId), DomainQuotaDocument.COLLECTION);
        return Usage.NONE;
    }

    /**
     * The domain counter the user's usage is in: as the user's counter recorded it (every reservation
     * made with the user's address records it), else from the owner's address; null when neither
     * says (a counter older than the record, and no address given): the domain is then left alone.
     */
    private static String domainCounter(Principal owner, Document usage) {
        String recorded = usage.getString("domainId");
        if (recorded != null) {
            return recorded;
        }
        return owner.address().indexOf('@') > 0 ? QuotaLedger.domainId(owner) : null;
    }

    private static long number(Document d, String field) {
        return d.get(field) instanceof Number n ? n.longValue() : 0;
    }
}
