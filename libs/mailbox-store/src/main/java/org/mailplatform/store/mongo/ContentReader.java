package org.mailplatform.store.mongo;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.io.InputStream;
import java.time.Duration;
import java.util.List;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.mailplatform.blob.BlobKey;
import org.mailplatform.blob.BlobStore;
import org.mailplatform.model.Principal;
import org.mailplatform.store.MailboxException;
import org.mailplatform.store.MessageMeta;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

/**
 * Opens a message's bytes: checks the caller owns it, then serves it from the body cache or the
 * object store.
 *
 * <p>The check is a lookup of the message, unless a read scoped to the same principal has just
 * returned it ({@link #vouch}): a message's mailbox, UID and blob never change, nor does a mailbox's
 * owner, so what that read showed stays true. An IMAP client fetching a body right after its
 * metadata (every BODY[]) then makes one MongoDB read instead of two.
 */
final class ContentReader {

    private final MongoTemplate mongo;
    private final BlobStore blobs;
    private final BodyCache bodies;
    private final Cache<Located, Owned> vouched;

    /** @param vouchedEntries how many messages read by their owners are remembered (0: none) */
    ContentReader(MongoTemplate mongo, BlobStore blobs, BodyCache bodies, long vouchedEntries) {
        this.mongo = mongo;
        this.blobs = blobs;
        this.bodies = bodies;
        this.vouched = Caffeine.newBuilder().maximumSize(Math.max(0, vouchedEntries))
                .expireAfterAccess(Duration.ofMinutes(10)).build();
    }

    /** Notes that {@code m}'s owner has just read {@code messages} of it (a principal-scoped read). */
    void vouch(MailboxDocument m, List<MessageMeta> messages) {
        for (MessageMeta meta : messages) {
            vouched.put(new Located(m.id(), meta.uid()), new Owned(m.tenantId(), m.userId(), meta.blobKey()));
        }
    }

    InputStream openOwned(Principal p, MessageMeta message, long offset, long length) {
        Owned known = vouched.getIfPresent(new Located(message.mailboxId(), message.uid()));
        if (known != null && known.tenantId().equals(p.tenantId()) && known.userId().equals(p.userId())
                && known.blobKey().equals(message.blobKey())) {
            return read(message, offset, length);
        }
        // an exact lookup on the unique (mailboxId, uid) key, the owner checked on what it finds
        Query byKey = query(where("mailboxId").is(message.mailboxId()).and("uid").is(message.uid()));
        byKey.fields().include("tenantId").include("userId").include("blobKey");
        org.bson.Document found = mongo.findOne(byKey, org.bson.Document.class, MessageDocument.COLLECTION);
        boolean owned = found != null && p.tenantId().equals(found.getString("tenantId"))
                && p.userId().equals(found.getString("userId")) && message.blobKey().equals(found.getString("blobKey"));
        if (!owned) {
            throw new MailboxException.NotFound("message " + message.uid());
        }
        vouched.put(new Located(message.mailboxId(), message.uid()),
                new Owned(p.tenantId(), p.userId(), message.blobKey()));
        return read(message, offset, length);
    }

    private record Located(String mailboxId, long uid) {
    }

    private record Owned(String tenantId, String userId, String blobKey) {
    }

    /**
     * The bytes of a message whose ownership was checked: its stored prefix, if any, then its blob's,
     * from the body cache, else the object store.
     */
    InputStream read(MessageMeta message, long offset, long length) {
        return MessageBytes.open(message.prefix(), message.blobKey(), message.size(), offset, length, this::readBlob);
    }

    /**
     * A range of a blob, from the body cache, else the object store. The cache holds blobs, not
     * messages: the deliveries of one queued message to several users share its entry.
     */
    InputStream readBlob(String blobKey, long blobSize, long offset, long length) {
        BlobKey key = new BlobKey(blobKey);
        InputStream cached = bodies.open(blobKey, blobSize, offset, length, () -> blobs.open(key));
        if (cached != null) {
            return cached;
        }
        return offset == 0 && length >= blobSize ? blobs.open(key) : blobs.openRange(key, offset, length);
    }
}
