package org.mailplatform.store.mongo;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import org.mailplatform.model.Principal;
import org.mailplatform.store.MailboxException;
import org.mailplatform.store.MailboxName;
import org.mailplatform.store.SpecialUse;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * The {@code mailboxes} collection: one user's mailboxes by name, creation, renaming, and the
 * atomic allocation of UIDs and MODSEQs.
 */
final class MailboxCatalog {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MailboxCatalog.class);

    /** UIDVALIDITY: seconds since the epoch, strictly increasing within this JVM. */
    private static final AtomicLong LAST_VALIDITY = new AtomicLong();

    private final MongoTemplate mongo;
    /** For the UID allocations, steps of an append or copy ({@link StepWrites}). */
    private final StepWrites steps;
    private final int maxNameLength;
    private final int maxMailboxes;
    private final com.github.benmanes.caffeine.cache.Cache<Target, MailboxDocument> appendTargets =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(10_000)
                    .expireAfterWrite(java.time.Duration.ofMinutes(5)).build();
    /**
     * (owner, name) to document for reads of UIDs a session already knows: a rename or delete made on
     * another node reaches such a read at most this late, as if the read had come that much earlier.
     */
    static final java.time.Duration READ_TARGET_TTL = java.time.Duration.ofSeconds(1);
    private final com.github.benmanes.caffeine.cache.Cache<Target, MailboxDocument> readTargets =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(10_000)
                    .expireAfterWrite(READ_TARGET_TTL).build();

    MailboxCatalog(MongoTemplate mongo, StepWrites steps, int maxNameLength, int maxMailboxes) {
        this.mongo = mongo;
        this.steps = steps;
        this.maxNameLength = maxNameLength;
        this.maxMailboxes = maxMailboxes;
    }

    String normalize(String name) {
        return MailboxName.normalize(name, maxNameLength);
    }

    static Criteria owner(Principal p) {
        return where("tenantId").is(p.tenantId()).and("userId").is(p.userId());
    }

    MailboxDocument find(Principal p, String name) {
        org.bson.Document d = mongo.findOne(query(owner(p).and("name").is(normalize(name))), org.bson.Document.class,
                MailboxDocument.COLLECTION);
        return d == null ? null : MailboxDocument.of(d);
    }

    /**
     * The mailbox for a read of UIDs up to {@code maxUid}, from a cache of documents read in the last
     * {@link #READ_TARGET_TTL}, provided the cached watermark already shows {@code maxUid}: the
     * watermark only grows, so an older document hides none of those UIDs, and the id and owner of a
     * mailbox never change. Anything else is read afresh.
     */
    MailboxDocument forRead(Principal p, String name, long maxUid) {
        Target key = new Target(p.tenantId(), p.userId(), normalize(name));
        MailboxDocument cached = readTargets.getIfPresent(key);
        if (cached != null && maxUid < cached.visibleUidNext()) {
            return cached;
        }
        MailboxDocument fresh = require(p, name);
        readTargets.put(key, fresh);
        return fresh;
    }

    /** Forgets this node's cached documents of {@code p}'s mailboxes, after a rename or delete here. */
    void forgetReadTargets(Principal p) {
        readTargets.asMap().keySet().removeIf(t -> t.tenantId().equals(p.tenantId()) && t.userId().equals(p.userId()));
    }

    /**
     * The mailbox an append goes to, from a short-lived cache of (owner, name) to document, so an
     * append makes no read of its own. Only the id and the owner are used from the cached document:
     * {@link #allocateForAppend} re-checks the name and owner in the same atomic update that
     * allocates the UIDs and returns the current document.
     */
    MailboxDocument forAppend(Principal p, String name) {
        String normalized = normalize(name);
        MailboxDocument cached = appendTargets.getIfPresent(new Target(p.tenantId(), p.userId(), normalized));
        return cached != null ? cached : cacheTarget(require(p, name));
    }

    /**
     * Allocates {@code count} UIDs and MODSEQs in {@code m} if it still is the owner's mailbox of
     * that name; when it was renamed or deleted since it was cached, looks the name up again.
     */
    MailboxDocument allocateForAppend(MailboxDocument m, int count) {
        MailboxDocument after = allocate(m, count, true);
        if (after != null) {
            return after;
        }
        appendTargets.invalidate(new Target(m.tenantId(), m.userId(), m.name()));
        MailboxDocument fresh = mongo.findOne(query(where("tenantId").is(m.tenantId()).and("userId").is(m.userId())
                .and("name").is(m.name())), MailboxDocument.class);
        after = fresh == null ? null : allocate(fresh, count, true);
        if (after == null) {
            throw new MailboxException.NotFound(m.name());
        }
        cacheTarget(after);
        return after;
    }

    private MailboxDocument cacheTarget(MailboxDocument m) {
        appendTargets.put(new Target(m.tenantId(), m.userId(), m.name()), m);
        return m;
    }

    private record Target(String tenantId, String userId, String name) {
    }

    MailboxDocument require(Principal p, String name) {
        MailboxDocument m = find(p, name);
        if (m == null) {
            throw new MailboxException.NotFound(name);
        }
        return m;
    }

    List<MailboxDocument> all(Principal p) {
        return mongo.find(query(owner(p)).with(Sort.by("name")), MailboxDocument.class);
    }

    MailboxDocument create(Principal p, String name, SpecialUse specialUse) {
        String normalized = normalize(name);
        if (mongo.count(query(owner(p)), MailboxDocument.class) >= maxMailboxes) {
            throw new MailboxException.NotAllowed("too many mailboxes (limit " + maxMailboxes + ")");
        }
        MailboxDocument doc = new MailboxDocument(UUID.randomUUID().toString(), p.tenantId(), p.userId(), normalized,
                specialUse, nextValidity(), 1, 1, 1, true, 0, 0, Instant.now(), 0L, 0L, null, 1L, 0L);
        try {
            return mongo.insert(doc);
        } catch (DuplicateKeyException e) {
            throw new MailboxException.AlreadyExists(normalized);
        }
    }

    /** Renames {@code from} and its children; returns the renamed documents (new names). */
    List<MailboxDocument> rename(Principal p, String from, String to) {
        String source = normalize(from);
        String target = normalize(to);
        if (source.equals(MailboxName.INBOX)) {
            throw new MailboxException.NotAllowed("renaming INBOX is not supported");
        }
        if (target.equals(MailboxName.INBOX) || target.startsWith(source + "/")) {
            throw new MailboxException.NotAllowed("cannot rename " + source + " to " + target);
        }
        require(p, source);
        if (find(p, target) != null) {
            throw new MailboxException.AlreadyExists(target);
        }
        forgetReadTargets(p);
        Query family = query(owner(p).orOperator(where("name").is(source),
                where("name").regex("^" + Pattern.quote(source + "/"))));
        List<MailboxDocument> renamed = new ArrayList<>();
        for (MailboxDocument m : mongo.find(family, MailboxDocument.class)) {
            String newName = target + m.name().substring(source.length());
            try {
                mongo.updateFirst(query(where("_id").is(m.id())), new Update().set("name", newName),
                        MailboxDocument.class);
            } catch (DuplicateKeyException e) {
                throw new MailboxException.AlreadyExists(newName);
            }
            renamed.add(mongo.findById(m.id(), MailboxDocument.class));
        }
        return renamed;
    }

    void delete(MailboxDocument m) {
        readTargets.asMap().keySet().removeIf(t -> t.tenantId().equals(m.tenantId()) && t.userId().equals(m.userId()));
        mongo.remove(query(where("_id").is(m.id())), MailboxDocument.class);
    }

    void subscribe(MailboxDocument m, boolean subscribed) {
        mongo.updateFirst(query(where("_id").is(m.id())), new Update().set("subscribed", subscribed),
                MailboxDocument.class);
    }

    /**
     * Allocates {@code count} UIDs and as many MODSEQs with one atomic {@code $inc}; returns the
     * mailbox as it is after the allocation (the first UID is {@code uidNext - count}).
     */
    MailboxDocument allocate(MailboxDocument m, int count) {
        MailboxDocument after = allocate(m, count, false);
        if (after == null) {
            throw new MailboxException.NotFound(m.name());
        }
        return after;
    }

    private MailboxDocument allocate(MailboxDocument m, int count, boolean sameNameAndOwner) {
        Criteria c = where("_id").is(m.id());
        if (sameNameAndOwner) {
            c = c.and("tenantId").is(m.tenantId()).and("userId").is(m.userId()).and("name").is(m.name());
        }
        // the driver's call, as the template's findAndModify leaves out the template's write concern
        org.bson.Document after = steps.collection(MailboxDocument.COLLECTION).findOneAndUpdate(
                query(c).getQueryObject(), new Update().inc("uidNext", count).inc("highestModSeq", count).getUpdateObject(),
                new com.mongodb.client.model.FindOneAndUpdateOptions()
                        .returnDocument(com.mongodb.client.model.ReturnDocument.AFTER));
        return after == null ? null : MailboxDocument.of(after);
    }

    /** Allocates one MODSEQ (for a flag change or an expunge). */
    /**
     * Begins a change that rewrites message documents of {@code m} (flags, expunge): allocates its
     * MODSEQ and counts it in {@code writesBegun}, in one update. The caller writes the documents and
     * then calls {@link #endChange}, whatever happened, so node-local copies of the rows
     * ({@link MailboxViews}) know when the documents are all written.
     */
    long beginChange(MailboxDocument m) {
        MailboxDocument after = mongo.findAndModify(query(where("_id").is(m.id())),
                new Update().inc("highestModSeq", 1).inc("writesBegun", 1).set("writesBegunAt", Instant.now()),
                FindAndModifyOptions.options().returnNew(true), MailboxDocument.class);
        if (after == null) {
            throw new MailboxException.NotFound(m.name());
        }
        return after.highestModSeq();
    }

    /**
     * Ends a change begun by {@link #beginChange}: its message documents are written (or never will
     * be). Never throws, so it cannot hide the change's own outcome: an end that is lost only keeps
     * the mailbox out of node-local copies until {@link MailboxViews#ABANDONED_AFTER}.
     */
    void endChange(MailboxDocument m) {
        try {
            mongo.updateFirst(query(where("_id").is(m.id())), new Update().inc("writesEnded", 1), MailboxDocument.class);
        } catch (RuntimeException e) {
            LOG.debug("could not end a change of mailbox {}: {}", m.id(), e.toString());
        }
    }

    /**
     * Closes the changes of {@code m} that began but never ended (their writer died), if the counters
     * are still as {@code m} shows them.
     */
    void closeAbandonedChanges(MailboxDocument m) {
        // a document from before the counters has no writesEnded until its first change ends
        Criteria ended = m.writesEnded() == 0 ? where("writesEnded").in(0L, null) : where("writesEnded").is(m.writesEnded());
        mongo.updateFirst(query(where("_id").is(m.id()).and("writesBegun").is(m.writesBegun()).andOperator(ended)),
                new Update().set("writesEnded", m.writesBegun()), MailboxDocument.class);
    }

    /**
     * {@code m} with the HIGHESTMODSEQ clients may be told (ADR 0206). A MODSEQ is allocated before
     * the documents of its change are written, so {@code highestModSeq} may name a change a reader
     * cannot see yet; a client told that value would never ask for that change again. So clients are
     * told {@code settledModSeq}, which only ever moves to a {@code highestModSeq} read while no change
     * was in flight: every change up to it was written by then. The reader that sees such a value first
     * stores it ({@code $max}, so it never goes back) before anyone is told it; until a mailbox is
     * quiet again, readers are told the last settled value, which is lower but safe: the client asks
     * for a few changes twice, never misses one. Appends are not waited for: their MODSEQs come with
     * new UIDs, which clients fetch whole.
     */
    MailboxDocument settled(MailboxDocument m) {
        if (!m.noChangeInFlight() || m.settledModSeq() >= m.highestModSeq()) {
            return m;
        }
        try {
            mongo.updateFirst(query(where("_id").is(m.id())), new Update().max("settledModSeq", m.highestModSeq()),
                    MailboxDocument.class);
            return m.withSettledModSeq(m.highestModSeq());
        } catch (RuntimeException e) {
            // not stored, so not told: another reader may still be telling the lower value
            LOG.debug("could not settle MODSEQ {} of mailbox {}: {}", m.highestModSeq(), m.id(), e.toString());
            return m;
        }
    }

    void addCounts(MailboxDocument m, long messages, long bytes) {
        if (messages != 0 || bytes != 0) {
            mongo.updateFirst(query(where("_id").is(m.id())), new Update().inc("messages", messages).inc("size", bytes),
                    MailboxDocument.class);
        }
    }

    MailboxDocument reload(MailboxDocument m) {
        MailboxDocument fresh = mongo.findById(m.id(), MailboxDocument.class);
        if (fresh == null) {
            throw new MailboxException.NotFound(m.name());
        }
        return fresh;
    }

    private static long nextValidity() {
        long now = Instant.now().getEpochSecond();
        return LAST_VALIDITY.updateAndGet(last -> Math.max(last + 1, now));
    }
}
