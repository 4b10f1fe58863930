package org.mailplatform.store.mongo;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.util.List;

import org.mailplatform.model.Principal;
import org.mailplatform.store.SpecialUse;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;

/**
 * What background jobs (blob garbage collection, retention, forgetting old expunges) need across users, and the
 * deletion of a user's mail data for an operator. Not for request paths: it is not scoped to one principal.
 */
public final class StoreMaintenance {

    private final MongoTemplate mongo;

    public StoreMaintenance(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** A mailbox and its owner. */
    public record OwnedMailbox(Principal owner, String name) {
    }

    /**
     * The tenants that have mailboxes or domain quota counters. A tenant whose last user's mail data was
     * deleted ({@link #deleteUserData}) has no mailbox left, but its blobs still wait for the garbage
     * collector; its domain counters stay.
     */
    public List<String> tenants() {
        java.util.Set<String> tenants = new java.util.TreeSet<>(mongo.findDistinct(query(where("tenantId").exists(true)),
                "tenantId", MailboxDocument.class, String.class));
        tenants.addAll(mongo.findDistinct(query(where("tenantId").exists(true)), "tenantId", DomainQuotaDocument.class,
                String.class));
        return List.copyOf(tenants);
    }

    /** The blob key prefix under which a tenant's message blobs are stored. */
    public static String blobPrefix(String tenantId) {
        return AppendBodies.blobPrefix(tenantId);
    }

    /**
     * Of {@code blobKeys}, those that a message that is not expunged refers to. One query per 500 keys,
     * not one per key: the garbage collector asks about a whole listing page at a time, and a server
     * that cannot use the {@code blob} index (the embedded one) scans the collection once per query.
     */
    public java.util.Set<String> referencedBlobs(java.util.Collection<String> blobKeys) {
        return referencedBlobs(blobKeys, null);
    }

    /** Drops the shared cache's copies of deleted blobs (ADR 0211); one query for the whole page. */
    public void forgetCachedBodies(java.util.Collection<String> deletedBlobKeys) {
        if (!deletedBlobKeys.isEmpty()) {
            mongo.getCollection(SharedBodyCache.COLLECTION).deleteMany(
                    com.mongodb.client.model.Filters.in("_id", deletedBlobKeys));
        }
    }

    /**
     * As {@link #referencedBlobs(java.util.Collection)}, counting also the messages expunged after
     * {@code expungedSince} (null: none). A COPY reads its source's blob key, then inserts the
     * copy; were the source expunged in between and the blob judged unreferenced in that instant,
     * the copy would refer to a deleted blob. A collector that lets recently expunged messages keep
     * their blobs closes that window.
     */
    public java.util.Set<String> referencedBlobs(java.util.Collection<String> blobKeys,
                                                 java.time.Instant expungedSince) {
        java.util.Set<String> referenced = new java.util.HashSet<>();
        List<String> keys = List.copyOf(blobKeys);
        for (int from = 0; from < keys.size(); from += REFERENCE_QUERY_KEYS) {
            Criteria live = where("expunged").is(false);
            if (expungedSince != null) {
                live = new Criteria().orOperator(live, where("expungedAt").gt(expungedSince));
            }
            var q = query(where("blobKey").in(keys.subList(from, Math.min(keys.size(), from + REFERENCE_QUERY_KEYS)))
                    .andOperator(live));
            q.fields().include("blobKey");
            for (org.bson.Document d : mongo.find(q, org.bson.Document.class, MessageDocument.COLLECTION)) {
                referenced.add(d.getString("blobKey"));
            }
        }
        return referenced;
    }

    private static final int REFERENCE_QUERY_KEYS = 500;

    /**
     * Hands {@code pages} the blob keys that messages stopped referring to in {@code [from, to)}
     * ({@code from} null: as far back as the store remembers, which is the expunges' {@code keep}):
     * those of messages expunged then, and those of mailboxes and users deleted then. At most
     * {@code pageSize} keys to a page, never an empty page; a key may come again, and may have been
     * referenced again since (a copy): a collector asks {@link #referencedBlobs} before it deletes.
     * This is what lets the collectors look at the blobs that lost a reference instead of listing
     * the bucket (ADR 0209).
     */
    public void forEachReleasedPage(java.time.Instant from, java.time.Instant to, int pageSize,
                                    java.util.function.Consumer<List<String>> pages) {
        new ReleasedBlobs(mongo).forEachPage(from, to, pageSize, pages);
    }

    /** When a background job last finished a step named {@code name}, if it ever did. */
    public java.util.Optional<java.time.Instant> checkpoint(String name) {
        return new Checkpoints(mongo).get(name);
    }

    /**
     * Records that the step {@code name} is done up to {@code at}. A checkpoint only moves
     * forward, so instances that run the same job at once never move it back.
     */
    public void advanceCheckpoint(String name, java.time.Instant at) {
        new Checkpoints(mongo).advance(name, at);
    }

    /**
     * Where a walk that lists keys over several runs got to: the last key it handled, and when it
     * began (what its checkpoint becomes once it reaches the end).
     */
    public record WalkPosition(String key, java.time.Instant started) {
    }

    /** The position of the walk of step {@code name}, if one is under way. */
    public java.util.Optional<WalkPosition> position(String name) {
        return new Checkpoints(mongo).position(name);
    }

    /** Records that the walk of step {@code name}, begun at {@code started}, has handled every key up to {@code key}. */
    public void setPosition(String name, String key, java.time.Instant started) {
        new Checkpoints(mongo).setPosition(name, key, started);
    }

    /** Forgets the position of step {@code name}: its walk reached the end, the next one starts from the first key. */
    public void clearPosition(String name) {
        new Checkpoints(mongo).clearPosition(name);
    }

    /**
     * The position of the walk of step {@code name} for a {@link org.mailplatform.blob.ResumableWalk},
     * kept here so that every instance of the job goes on from it; {@code started} is recorded with
     * each page, for {@link #finishWalk}.
     */
    public org.mailplatform.blob.ResumableWalk.Position walkPosition(String name, java.time.Instant started) {
        return new org.mailplatform.blob.ResumableWalk.Position() {
            @Override
            public java.util.Optional<String> last() {
                return position(name).map(WalkPosition::key);
            }

            @Override
            public void handled(String key) {
                setPosition(name, key, started);
            }
        };
    }

    /** The walk of step {@code name}, begun at {@code started}, reached the end: that is its checkpoint now. */
    public void finishWalk(String name, java.time.Instant started) {
        advanceCheckpoint(name, started);
        clearPosition(name);
    }

    /** Every user's mailbox called {@code name} (as normalized: {@code inbox} is INBOX). */
    public List<OwnedMailbox> mailboxesNamed(String name) {
        String normalized = org.mailplatform.store.MailboxName.normalize(name, Integer.MAX_VALUE);
        return mongo.find(query(where("name").is(normalized)), MailboxDocument.class).stream()
                .map(m -> new OwnedMailbox(new Principal(m.tenantId(), m.userId(), m.userId()), m.name())).toList();
    }

    /** Every mailbox with this special use, of every user. */
    public List<OwnedMailbox> mailboxesWithSpecialUse(SpecialUse use) {
        return mongo.find(query(where("specialUse").is(use)), MailboxDocument.class).stream()
                .map(m -> new OwnedMailbox(new Principal(m.tenantId(), m.userId(), m.userId()), m.name())).toList();
    }

    /**
     * What a purge of old expunges did: documents deleted, mailboxes marked for the next run,
     * tombstones deleted, and records of released blob keys forgotten.
     */
    public record PurgedExpunges(long deleted, long mailboxesMarked, long tombstonesDeleted, long releasesForgotten) {
    }

    /**
     * Forgets messages expunged before {@code expungedBefore}, in two runs (marked, then deleted),
     * so QRESYNC clients older than that are told expunges were forgotten instead of missing them.
     */
    public PurgedExpunges purgeExpunged(java.time.Instant expungedBefore) {
        ExpungePurge.Result r = new ExpungePurge(mongo).run(expungedBefore);
        long forgotten = new ReleasedBlobs(mongo).forget(expungedBefore);
        return new PurgedExpunges(r.deleted(), r.mailboxesMarked(), r.tombstonesDeleted(), forgotten);
    }

    /** A quota counter before and after a recount. */
    public record RecalculatedQuota(long bytesBefore, long messagesBefore, long bytes, long messages) {
    }

    /**
     * Sets {@code owner}'s quota counter to the sum of their messages that are not expunged: the
     * repair for a counter that drifted (a crash between reservations, an insert whose answer was
     * lost). Retried while appends or expunges change the counter during the sum; throws
     * {@link IllegalStateException} if that goes on. Appends in flight at that instant can still
     * leave it off by their messages. The domain's counter is not touched: recount it after its
     * users ({@link #recalculateDomainQuota}).
     */
    public RecalculatedQuota recalculateQuota(Principal owner) {
        return recalculated(new QuotaRecount(mongo).user(owner));
    }

    /** Sets the counter of {@code domain} in {@code tenantId} to the sum of its users' counters, as {@link #recalculateQuota} does for a user. */
    public RecalculatedQuota recalculateDomainQuota(String tenantId, String domain) {
        return recalculated(new QuotaRecount(mongo).domain(tenantId, domain));
    }

    private static RecalculatedQuota recalculated(QuotaRecount.Result r) {
        return new RecalculatedQuota(r.bytesBefore(), r.messagesBefore(), r.bytes(), r.messages());
    }

    /**
     * What deleting a user's mail data did: mailbox and message documents deleted, the bytes and
     * messages of usage given back to the domain's quota counter, and Sieve scripts deleted.
     */
    public record DeletedUserData(long mailboxes, long messages, long quotaBytes, long quotaMessages,
                                  long sieveScripts) {
    }

    /**
     * Deletes all of one user's mail data: messages (expunged ones and tombstones too), mailboxes,
     * quota counter, Sieve scripts and vacation records, and subtracts the usage from the domain of {@code owner}'s address. Message blobs
     * are left to the blob garbage collector. Idempotent: a second call deletes nothing; a call after
     * one that failed part-way finishes the work without subtracting twice.
     */
    public DeletedUserData deleteUserData(Principal owner) {
        UserDataPurge.Result r = new UserDataPurge(mongo).run(owner);
        return new DeletedUserData(r.mailboxes(), r.messages(), r.quotaBytes(), r.quotaMessages(), r.sieveScripts());
    }
}
