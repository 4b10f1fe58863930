package org.mailplatform.store.mongo;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.mailplatform.model.MailboxChange;
import org.mailplatform.store.FlagOperation;
import org.mailplatform.store.FlagUpdateResult;
import org.mailplatform.store.Flags;
import org.mailplatform.store.MessageMeta;
import org.mailplatform.store.MessageRange;
import org.mailplatform.store.UidSet;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Adds, removes or replaces flags on a range of one mailbox's visible messages under a fresh
 * modseq, honouring UNCHANGEDSINCE (RFC 7162), and publishes the messages it changed.
 */
final class FlagUpdater {

    private final MongoTemplate mongo;
    private final MailboxCatalog catalog;
    private final MessageQueries queries;
    private final MailboxEvents events;

    FlagUpdater(MongoTemplate mongo, MailboxCatalog catalog, MessageQueries queries, MailboxEvents events) {
        this.mongo = mongo;
        this.catalog = catalog;
        this.queries = queries;
        this.events = events;
    }

    FlagUpdateResult update(MailboxDocument m, MessageRange range, FlagOperation operation, Set<String> flags,
                            Long unchangedSince) {
        List<String> canonical = new ArrayList<>(Flags.canonical(flags));
        UidSet uids = queries.resolve(m, range);
        Criteria target = new Criteria().andOperator(MessageQueries.visible(m), MessageQueries.uidCriteria(uids));
        List<Long> modified = new ArrayList<>();
        if (unchangedSince != null) {
            modified = mongo.find(query(new Criteria().andOperator(target, where("modSeq").gt(unchangedSince))),
                    MessageDocument.class).stream().map(MessageDocument::uid).toList();
        }
        long modSeq = catalog.beginChange(m);
        try {
            write(target, operation, canonical, unchangedSince, modSeq);
        } finally {
            catalog.endChange(m);
        }
        List<MessageMeta> updated = queries.withModSeq(m, uids, modSeq);
        if (!updated.isEmpty()) {
            List<Long> changed = updated.stream().map(MessageMeta::uid).toList();
            events.publish(m, MailboxChange.Kind.FLAGS_CHANGED, changed, modSeq);
        }
        return new FlagUpdateResult(updated, modified);
    }

    private void write(Criteria target, FlagOperation operation, List<String> canonical, Long unchangedSince,
                       long modSeq) {
        Criteria apply = unchangedSince == null ? target
                : new Criteria().andOperator(target, where("modSeq").lte(unchangedSince));
        Criteria needed = switch (operation) {
            case ADD -> canonical.isEmpty() ? null : new Criteria().norOperator(where("flags").all(canonical));
            case REMOVE -> canonical.isEmpty() ? null : where("flags").in(canonical);
            case REPLACE -> null;
        };
        Update update = switch (operation) {
            case ADD -> new Update().addToSet("flags").each(canonical.toArray());
            case REMOVE -> new Update().pullAll("flags", canonical.toArray());
            case REPLACE -> new Update().set("flags", canonical);
        };
        update.set("modSeq", modSeq);
        if (needed != null || operation == FlagOperation.REPLACE) {
            mongo.updateMulti(query(needed == null ? apply : new Criteria().andOperator(apply, needed)), update,
                    MessageDocument.class);
        }
    }
}
