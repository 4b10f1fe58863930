package org.mailplatform.store.mongo;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Instant;
import java.util.List;

import org.mailplatform.model.MailboxChange;
import org.mailplatform.model.Principal;
import org.mailplatform.store.UidSet;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Expunges the visible messages of one mailbox that match a criteria: marks them expunged under a
 * fresh modseq, takes them off the mailbox counts and the quota, and publishes the expunged UIDs.
 */
final class MessageExpunger {

    private final MongoTemplate mongo;
    private final MailboxCatalog catalog;
    private final QuotaLedger quota;
    private final MailboxEvents events;

    MessageExpunger(MongoTemplate mongo, MailboxCatalog catalog, QuotaLedger quota, MailboxEvents events) {
        this.mongo = mongo;
        this.catalog = catalog;
        this.quota = quota;
        this.events = events;
    }

    /** Expunges exactly the given UIDs of {@code m} (those still visible). */
    List<Long> expungeUids(Principal p, MailboxDocument m, List<Long> uids) {
        UidSet set = UidSet.of(uids.stream().mapToLong(Long::longValue).toArray());
        return expungeWhere(p, m, MessageQueries.uidCriteria(set));
    }

    List<Long> expungeWhere(Principal p, MailboxDocument m, Criteria which) {
        Criteria target = new Criteria().andOperator(MessageQueries.visible(m), which);
        if (!mongo.exists(query(target), MessageDocument.class)) {
            return List.of();
        }
        long modSeq = catalog.beginChange(m);
        try {
            // the document stays for QRESYNC's VANISHED, but without the summary and search text, the
            // bulk of it: a mailbox that receives and deletes mail all day must not keep it all
            mongo.updateMulti(query(target), new Update().set("expunged", true).set("modSeq", modSeq)
                    .set("flags", List.of()).set("expungedAt", Instant.now()).unset("summary").unset("search"),
                    MessageDocument.class);
        } finally {
            catalog.endChange(m);
        }
        List<MessageDocument> gone = mongo.find(query(where("mailboxId").is(m.id()).and("expunged").is(true)
                .and("modSeq").is(modSeq)), MessageDocument.class);
        long bytes = gone.stream().mapToLong(MessageDocument::size).sum();
        catalog.addCounts(m, -gone.size(), -bytes);
        quota.release(p, bytes, gone.size());
        List<Long> uids = gone.stream().map(MessageDocument::uid).sorted().toList();
        if (!uids.isEmpty()) {
            events.publish(m, MailboxChange.Kind.MESSAGES_EXPUNGED, uids, modSeq);
        }
        return uids;
    }
}
