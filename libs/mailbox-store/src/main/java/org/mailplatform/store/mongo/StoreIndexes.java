package org.mailplatform.store.mongo;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.index.IndexOperations;

/** The indexes of ARCHITECTURE.md ("The mailbox data model"), created at start if missing. */
final class StoreIndexes {

    /** Up to ADR 0205: (inboundId, tenantId, userId) unique. */
    static final String OBSOLETE_KEY_INDEX = "inbound_user";

    private StoreIndexes() {
    }

    static void ensure(MongoTemplate mongo) {
        mongo.indexOps(MailboxDocument.class).createIndex(new Index().named("owner_name")
                .on("tenantId", Sort.Direction.ASC).on("userId", Sort.Direction.ASC).on("name", Sort.Direction.ASC)
                .unique());
        var messages = mongo.indexOps(MessageDocument.class);
        messages.createIndex(new Index().named("mailbox_uid")
                .on("mailboxId", Sort.Direction.ASC).on("uid", Sort.Direction.ASC).unique());
        messages.createIndex(new Index().named("mailbox_modseq")
                .on("mailboxId", Sort.Direction.ASC).on("modSeq", Sort.Direction.ASC));
        messages.createIndex(new Index().named("blob").on("blobKey", Sort.Direction.ASC));
        // only expunged documents have the field: the purge of old expunges reads them, nothing else
        messages.createIndex(new Index().named("expunged_at").on("expungedAt", Sort.Direction.ASC).sparse());
        mongo.indexOps(MailboxDocument.class).createIndex(new Index().named("purge_pending")
                .on("purgePending", Sort.Direction.ASC).sparse());
        mongo.indexOps(ReleasedBlobs.COLLECTION).createIndex(new Index().named("released_at")
                .on("releasedAt", Sort.Direction.ASC));
        dropObsolete(messages);
    }

    /**
     * The idempotency key is part of a keyed message's {@code _id} (ADR 0205); the unique index that
     * enforced it before is dropped, so inserts stop paying for it.
     */
    private static void dropObsolete(IndexOperations messages) {
        if (messages.getIndexInfo().stream().anyMatch(i -> OBSOLETE_KEY_INDEX.equals(i.getName()))) {
            try {
                messages.dropIndex(OBSOLETE_KEY_INDEX);
            } catch (RuntimeException droppedMeanwhile) {
                // another node starting at the same time dropped it first
            }
        }
    }
}
