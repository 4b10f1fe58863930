package org.mailplatform.store.mongo;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.util.List;

import org.mailplatform.model.Principal;
import org.mailplatform.store.SpecialUse;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * What background jobs (blob garbage collection, retention) need to know across users. Not for
 * request paths: it is not scoped to one principal.
 */
public final class StoreMaintenance {

    private final MongoTemplate mongo;

    public StoreMaintenance(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** A mailbox and its owner. */
    public record OwnedMailbox(Principal owner, String name) {
    }

    /** The tenants that have mailboxes. */
    public List<String> tenants() {
        return mongo.findDistinct(query(where("tenantId").exists(true)), "tenantId", MailboxDocument.class, String.class);
    }

    /** The blob key prefix under which a tenant's message blobs are stored. */
    public static String blobPrefix(String tenantId) {
        return MessageAppender.blobPrefix(tenantId);
    }

    /** True while any message that is not expunged refers to the blob. */
    public boolean isBlobReferenced(String blobKey) {
        return mongo.exists(query(where("blobKey").is(blobKey).and("expunged").is(false)), MessageDocument.class);
    }

    /** Every mailbox with this special use, of every user. */
    /** Every user's mailbox called {@code name} (as normalized: {@code inbox} is INBOX). */
    public List<OwnedMailbox> mailboxesNamed(String name) {
        String normalized = org.mailplatform.store.MailboxName.normalize(name, Integer.MAX_VALUE);
        return mongo.find(query(where("name").is(normalized)), MailboxDocument.class).stream()
                .map(m -> new OwnedMailbox(new Principal(m.tenantId(), m.userId(), m.userId()), m.name())).toList();
    }

    public List<OwnedMailbox> mailboxesWithSpecialUse(SpecialUse use) {
        return mongo.find(query(where("specialUse").is(use)), MailboxDocument.class).stream()
                .map(m -> new OwnedMailbox(new Principal(m.tenantId(), m.userId(), m.userId()), m.name())).toList();
    }
}
