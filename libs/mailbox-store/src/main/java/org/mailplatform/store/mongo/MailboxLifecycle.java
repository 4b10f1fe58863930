package org.mailplatform.store.mongo;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.util.List;

import org.mailplatform.model.MailboxChange;
import org.mailplatform.model.Principal;
import org.mailplatform.store.CopyResult;
import org.mailplatform.store.MailboxException;
import org.mailplatform.store.MailboxName;
import org.mailplatform.store.MessageRange;
import org.mailplatform.store.SpecialUse;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Creates, renames and deletes mailboxes with the rules around them (special uses, INBOX, the
 * quota held by a deleted mailbox's messages) and publishes each change.
 */
final class MailboxLifecycle {

    private final MongoTemplate mongo;
    private final MailboxCatalog catalog;
    private final QuotaLedger quota;
    private final MessageCopier copier;
    private final MessageExpunger expunger;
    private final MailboxEvents events;
    private final ReleasedBlobs released;

    MailboxLifecycle(MongoTemplate mongo, MailboxCatalog catalog, QuotaLedger quota, MessageCopier copier,
                     MessageExpunger expunger, MailboxEvents events) {
        this.mongo = mongo;
        this.released = new ReleasedBlobs(mongo);
        this.catalog = catalog;
        this.quota = quota;
        this.copier = copier;
        this.expunger = expunger;
        this.events = events;
    }

    List<MailboxDocument> ensureDefaults(Principal p) {
        for (SpecialUse use : SpecialUse.values()) {
            if (catalog.find(p, use.defaultName()) == null) {
                try {
                    MailboxDocument m = catalog.create(p, use.defaultName(), use);
                    events.publish(m, MailboxChange.Kind.MAILBOX_CREATED, List.of(), 0);
                } catch (MailboxException.AlreadyExists raced) {
                    // created concurrently
                }
            }
        }
        return catalog.all(p);
    }

    MailboxDocument create(Principal p, String name, SpecialUse specialUse) {
        if (specialUse != null) {
            // check, then insert: two concurrent creates of one use by one user can both pass (a
            // harmless duplicate attribute, as several servers allow); the defaults never race it
            catalog.all(p).stream().filter(m -> m.specialUse() == specialUse).findFirst().ifPresent(held -> {
                throw new MailboxException.SpecialUseTaken(specialUse, held.name());
            });
        }
        MailboxDocument m = catalog.create(p, name, specialUse);
        events.publish(m, MailboxChange.Kind.MAILBOX_CREATED, List.of(), 0);
        return m;
    }

    void rename(Principal p, String from, String to) {
        if (catalog.normalize(from).equals(MailboxName.INBOX)) {
            renameInbox(p, to);
            return;
        }
        for (MailboxDocument m : catalog.rename(p, from, to)) {
            events.publish(m, MailboxChange.Kind.MAILBOX_RENAMED, List.of(), 0);
        }
    }

    /**
     * RFC 9051 section 6.3.6: renaming INBOX creates the new mailbox and moves INBOX's messages into
     * it; INBOX stays (empty) and its children are not touched. A move, not a copy: a failure part
     * way (quota, an outage) leaves every message in exactly one of the two mailboxes, and mail
     * delivered meanwhile stays in INBOX.
     */
    private void renameInbox(Principal p, String to) {
        MailboxDocument target = catalog.create(p, to, null);
        events.publish(target, MailboxChange.Kind.MAILBOX_CREATED, List.of(), 0);
        CopyResult moved = copier.copy(p, MailboxName.INBOX, MessageRange.all(), target.name(), false);
        if (!moved.sourceUids().isEmpty()) {
            expunger.expungeUids(p, catalog.require(p, MailboxName.INBOX), moved.sourceUids());
        }
    }

    void delete(Principal p, String name) {
        MailboxDocument m = catalog.require(p, name);
        if (m.name().equals(MailboxName.INBOX)) {
            throw new MailboxException.NotAllowed("INBOX cannot be deleted");
        }
        catalog.delete(m);
        long bytes = 0;
        long count = 0;
        var messages = query(where("mailboxId").is(m.id()));
        messages.fields().include("size").include("expunged").include("blobKey");
        // the documents go at once, so the blob collectors learn of their keys first (ADR 0209)
        try (var found = mongo.stream(messages, org.bson.Document.class, MessageDocument.COLLECTION);
             var recorder = released.recorder()) {
            for (org.bson.Document d : (Iterable<org.bson.Document>) found::iterator) {
                recorder.add(d.getString("blobKey"));
                if (!Boolean.TRUE.equals(d.getBoolean("expunged"))) {
                    bytes += d.get("size") instanceof Number n ? n.longValue() : 0;
                    count++;
                }
            }
        }
        mongo.remove(query(where("mailboxId").is(m.id())), MessageDocument.class);
        quota.release(p, bytes, count);
        events.publish(m, MailboxChange.Kind.MAILBOX_DELETED, List.of(), 0);
    }
}
