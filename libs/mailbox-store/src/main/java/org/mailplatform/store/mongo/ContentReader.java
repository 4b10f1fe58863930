package org.mailplatform.store.mongo;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    private final SharedBodyCache shared;
    private final Cache<Located, Owned> vouched;
    /**
     * Blob keys a batch read ({@link #cachedWhole}) just found missing from the shared cache: their
     * readers go straight to the object store instead of asking again, one query each. Short-lived:
     * a copy written meanwhile only goes unused.
     */
    private final Cache<String, Boolean> sharedMisses = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(1)).build();

    /** @param vouchedEntries how many messages read by their owners are remembered (0: none) */
    ContentReader(MongoTemplate mongo, BlobStore blobs, BodyCache bodies, SharedBodyCache shared, long vouchedEntries) {
        this.mongo = mongo;
        this.blobs = blobs;
        this.bodies = bodies;
        this.shared = shared;
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
     * A range of a blob, from the node's body cache, else the shared cache (small blobs), else the
     * object store. The caches hold blobs, not messages: the deliveries of one queued message to
     * several users share an entry.
     */
    InputStream readBlob(String blobKey, long blobSize, long offset, long length) {
        return readBlob(blobKey, blobSize, offset, length, true);
    }

    /**
     * Like {@link #readBlob}, skipping the shared cache: for a blob just written by another service
     * (a queued message appended by reference), which nothing can have shared yet, so asking would
     * cost a query for nothing.
     */
    InputStream readNewBlob(String blobKey, long blobSize, long offset, long length) {
        return readBlob(blobKey, blobSize, offset, length, false);
    }

    private InputStream readBlob(String blobKey, long blobSize, long offset, long length, boolean askShared) {
        BlobKey key = new BlobKey(blobKey);
        boolean sharable = askShared && shared.keeps(blobSize) && sharedMisses.getIfPresent(blobKey) == null;
        InputStream cached = bodies.open(blobKey, blobSize, offset, length,
                () -> sharable ? openShared(key, blobSize) : blobs.open(key));
        if (cached != null) {
            return cached;
        }
        byte[] whole = sharable ? shared.get(blobKey) : null;
        if (whole != null && whole.length == blobSize) {
            return slice(whole, offset, length);
        }
        return offset == 0 && length >= blobSize ? blobs.open(key) : blobs.openRange(key, offset, length);
    }

    private InputStream openShared(BlobKey key, long blobSize) {
        byte[] whole = shared.get(key.value());
        return whole != null && whole.length == blobSize ? new ByteArrayInputStream(whole) : blobs.open(key);
    }

    /**
     * The whole bytes of those of {@code messages} (read for their owner) that a cache holds:
     * the node's body cache, then the shared cache in one query for the rest. Keyed by UID; the others
     * are left to be read from the object store, and their reads for the next minute do not ask the
     * shared cache again.
     */
    Map<Long, byte[]> cachedWhole(List<MessageMeta> messages) {
        Map<Long, byte[]> found = new HashMap<>();
        Map<String, List<MessageMeta>> wanted = new HashMap<>();
        for (MessageMeta m : messages) {
            long blobSize = m.size() - (m.prefix() == null ? 0 : m.prefix().length);
            byte[] blob = bodies.peek(m.blobKey());
            if (blob != null && blob.length == blobSize) {
                found.put(m.uid(), whole(m.prefix(), blob));
            } else if (shared.keeps(blobSize)) {
                wanted.computeIfAbsent(m.blobKey(), k -> new ArrayList<>()).add(m);
            }
        }
        Map<String, byte[]> copies = shared.getAll(wanted.keySet());
        wanted.forEach((key, metas) -> {
            byte[] blob = copies.get(key);
            if (blob == null) {
                sharedMisses.put(key, Boolean.TRUE); // its opener reads the object store without asking again
                return;
            }
            for (MessageMeta m : metas) {
                if (blob.length == m.size() - (m.prefix() == null ? 0 : m.prefix().length)) {
                    bodies.put(key, blob);
                    found.put(m.uid(), whole(m.prefix(), blob));
                }
            }
        });
        return found;
    }

    private static byte[] whole(byte[] prefix, byte[] blob) {
        if (prefix == null || prefix.length == 0) {
            return blob;
        }
        byte[] all = Arrays.copyOf(prefix, prefix.length + blob.length);
        System.arraycopy(blob, 0, all, prefix.length, blob.length);
        return all;
    }

    private static InputStream slice(byte[] whole, long offset, long length) {
        int from = (int) Math.min(Math.max(0, offset), whole.length);
        return new ByteArrayInputStream(whole, from, (int) Math.min(length, whole.length - from));
    }
}
