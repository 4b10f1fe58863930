package org.mailplatform.store.mongo;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.io.InputStream;

import org.mailplatform.blob.BlobKey;
import org.mailplatform.blob.BlobStore;
import org.mailplatform.model.Principal;
import org.mailplatform.store.MailboxException;
import org.mailplatform.store.MessageMeta;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

/** Opens a message's bytes: checks the caller owns it, then serves it from the body cache or the object store. */
final class ContentReader {

    private final MongoTemplate mongo;
    private final BlobStore blobs;
    private final BodyCache bodies;

    ContentReader(MongoTemplate mongo, BlobStore blobs, BodyCache bodies) {
        this.mongo = mongo;
        this.blobs = blobs;
        this.bodies = bodies;
    }

    InputStream openOwned(Principal p, MessageMeta message, long offset, long length) {
        // an exact lookup on the unique (mailboxId, uid) key, the owner checked on what it finds
        Query byKey = query(where("mailboxId").is(message.mailboxId()).and("uid").is(message.uid()));
        byKey.fields().include("tenantId").include("userId").include("blobKey");
        org.bson.Document found = mongo.findOne(byKey, org.bson.Document.class, MessageDocument.COLLECTION);
        boolean owned = found != null && p.tenantId().equals(found.getString("tenantId"))
                && p.userId().equals(found.getString("userId")) && message.blobKey().equals(found.getString("blobKey"));
        if (!owned) {
            throw new MailboxException.NotFound("message " + message.uid());
        }
        return read(message, offset, length);
    }

    /** The bytes of a message whose ownership was checked: from the body cache, else the object store. */
    InputStream read(MessageMeta message, long offset, long length) {
        BlobKey key = new BlobKey(message.blobKey());
        InputStream cached = bodies.open(message.blobKey(), message.size(), offset, length, () -> blobs.open(key));
        if (cached != null) {
            return cached;
        }
        return offset == 0 && length >= message.size() ? blobs.open(key) : blobs.openRange(key, offset, length);
    }
}
