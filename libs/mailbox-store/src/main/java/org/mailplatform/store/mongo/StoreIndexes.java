package org.mailplatform.store.mongo;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;

/** The indexes of ARCHITECTURE.md ("The mailbox data model"), created at start if missing. */
final class StoreIndexes {

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
        messages.createIndex(new Index().named("inbound_user")
                .on("inboundId", Sort.Direction.ASC).on("tenantId", Sort.Direction.ASC).on("userId", Sort.Direction.ASC)
                .unique());
        messages.createIndex(new Index().named("blob").on("blobKey", Sort.Direction.ASC));
    }
}
