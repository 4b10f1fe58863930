package org.mailplatform.store.mongo;

import static org.springframework.data.mongodb.core.aggregation.Aggregation.group;
import static org.springframework.data.mongodb.core.aggregation.Aggregation.match;
import static org.springframework.data.mongodb.core.aggregation.Aggregation.newAggregation;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Instant;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Forgets old expunges. An expunged message's document stays so QRESYNC can name its UID in VANISHED;
 * kept forever, a mailbox that receives and deletes mail all day would grow without end. Documents
 * expunged before a cutoff are removed in two runs: the first marks their mailbox's
 * {@code forgottenModSeq} (the highest of their MODSEQs), the next deletes them. A reader that reads
 * the mailbox, then the expunged documents, therefore always sees the mark of anything deleted under
 * it (it was set a run earlier) and tells its client that older expunges are forgotten
 * ({@link org.mailplatform.store.Changes#expungesForgotten()}). Tombstones (UIDs an appender gave up)
 * older than the cutoff go in one step: a late insert they guard against cannot come that late.
 */
final class ExpungePurge {

    /** What one run did. */
    record Result(long deleted, long mailboxesMarked, long tombstonesDeleted) {
    }

    private final MongoTemplate mongo;

    ExpungePurge(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    Result run(Instant expungedBefore) {
        long deleted = deleteMarked();
        long marked = mark(expungedBefore);
        long tombstones = mongo.remove(query(where("tombstone").is(true).and("savedAt").lt(expungedBefore)),
                MessageDocument.class).getDeletedCount();
        return new Result(deleted, marked, tombstones);
    }

    /** Deletes the expunged documents at or below the marks set by the previous run. */
    private long deleteMarked() {
        Query pending = query(where("purgePending").is(true));
        pending.fields().include("_id").include("forgottenModSeq");
        long deleted = 0;
        for (Document m : mongo.find(pending, Document.class, MailboxDocument.COLLECTION)) {
            Object id = m.get("_id");
            long forgotten = m.get("forgottenModSeq") instanceof Number n ? n.longValue() : 0;
            deleted += mongo.remove(query(where("mailboxId").is(id).and("expunged").is(true).and("tombstone").is(false)
                    .and("modSeq").lte(forgotten)), MessageDocument.class).getDeletedCount();
            // a mark moved meanwhile stays pending for the next run
            mongo.updateFirst(query(where("_id").is(id).and("forgottenModSeq").is(forgotten)),
                    new Update().unset("purgePending"), MailboxDocument.COLLECTION);
        }
        return deleted;
    }

    /** Marks, per mailbox, the highest MODSEQ of the documents expunged before the cutoff. */
    private long mark(Instant expungedBefore) {
        var oldExpunges = newAggregation(
                match(where("expunged").is(true).and("tombstone").is(false).and("expungedAt").lt(expungedBefore)),
                group("mailboxId").max("modSeq").as("modSeq"));
        long marked = 0;
        for (Document g : mongo.aggregate(oldExpunges, MessageDocument.COLLECTION, Document.class)) {
            long modSeq = g.get("modSeq") instanceof Number n ? n.longValue() : 0;
            mongo.updateFirst(query(where("_id").is(g.get("_id"))),
                    new Update().max("forgottenModSeq", modSeq).set("purgePending", true), MailboxDocument.COLLECTION);
            marked++;
        }
        return marked;
    }
}
