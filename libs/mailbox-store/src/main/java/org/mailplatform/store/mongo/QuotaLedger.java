package org.mailplatform.store.mongo;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.util.Locale;

import org.mailplatform.model.Principal;
import org.mailplatform.store.OverQuotaException;
import org.mailplatform.store.QuotaPolicy;
import org.mailplatform.store.QuotaUsage;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Quota usage per user and per domain, reserved with one conditional {@code $inc} on each counter
 * before a message is stored: an update only matches while the usage plus the new message stays
 * within the limit, so concurrent appends on any number of nodes can never exceed it. The user's
 * counter is reserved first, then the domain's; when the domain is full the user's reservation is
 * given back. Without transactions a crash between the two leaves the user's counter one message
 * high, never low: the error is on the safe side.
 */
final class QuotaLedger {

    private final MongoTemplate mongo;
    /** For the reservations and counts, steps of an append or copy ({@link StepWrites}). */
    private final MongoTemplate steps;
    private final QuotaPolicy policy;

    QuotaLedger(MongoTemplate mongo, MongoTemplate steps, QuotaPolicy policy) {
        this.mongo = mongo;
        this.steps = steps;
        this.policy = policy;
    }

    static String id(Principal p) {
        return p.tenantId() + "/" + p.userId();
    }

    static String domainId(Principal p) {
        return p.tenantId() + "/" + domain(p);
    }

    private static String domain(Principal p) {
        return p.address().substring(p.address().lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    }

    /**
     * Whether {@code p} carries the user's address. Principals made from ids alone (the retention
     * job's, an admin's REST call naming a user id) do not, and their domain is not in them.
     */
    private static boolean addressed(Principal p) {
        return p.address().indexOf('@') > 0;
    }

    /**
     * The domain counter of {@code p}: from its address, or, for a principal without one, as
     * recorded in the user's counter by the reservations made with it; null when none was recorded
     * (the domain counter is then left alone rather than a counter named after the user id made up).
     */
    private String domainCounter(Principal p) {
        if (addressed(p)) {
            return domainId(p);
        }
        Query byId = query(where("_id").is(id(p)));
        byId.fields().include("domainId");
        org.bson.Document d = mongo.findOne(byId, org.bson.Document.class, QuotaDocument.COLLECTION);
        return d == null ? null : d.getString("domainId");
    }

    /** Reserves {@code bytes} and {@code count} messages, or throws {@link OverQuotaException}. */
    void reserve(Principal p, long bytes, long count) {
        QuotaPolicy.Limits limits = policy.limitsFor(p);
        if (!reserveUser(p, limits, bytes, count)) {
            throw new OverQuotaException("quota exceeded for " + p.address());
        }
        if (!reserveDomain(p, limits, bytes, count)) {
            releaseUser(p, bytes, count);
            throw new OverQuotaException("domain quota exceeded for " + domain(p));
        }
    }

    /**
     * Counts {@code bytes} and {@code count} messages without checking the limits: for a MOVE, whose
     * copy is counted before its originals are expunged and given back. A user at the limit must
     * still be able to move mail to Trash.
     */
    void add(Principal p, long bytes, long count) {
        if (bytes == 0 && count == 0) {
            return;
        }
        inc(QuotaDocument.class, id(p), bytes, count, recordDomain(p), () -> ensureUser(p));
        String domain = domainCounter(p);
        if (domain != null) {
            inc(DomainQuotaDocument.class, domain, bytes, count, null, () -> ensureDomain(p));
        }
    }

    /**
     * Reserves one message of each size in {@code sizes} for a batch of appends: all at once when they
     * fit together, otherwise one by one in order, so each is still checked against the limit on its
     * own. Returns which ones were reserved.
     */
    boolean[] reserveEach(Principal p, long[] sizes) {
        boolean[] reserved = new boolean[sizes.length];
        long total = 0;
        for (long size : sizes) {
            total += size;
        }
        if (sizes.length > 1) {
            try {
                reserve(p, total, sizes.length);
                java.util.Arrays.fill(reserved, true);
                return reserved;
            } catch (OverQuotaException notAllTogether) {
                // one by one below
            }
        }
        for (int i = 0; i < sizes.length; i++) {
            try {
                reserve(p, sizes[i], 1);
                reserved[i] = true;
            } catch (OverQuotaException e) {
                reserved[i] = false;
            }
        }
        return reserved;
    }

    /** Gives back what an expunge, delete or failed append freed. */
    void release(Principal p, long bytes, long count) {
        if (bytes == 0 && count == 0) {
            return;
        }
        releaseUser(p, bytes, count);
        String domain = domainCounter(p);
        if (domain != null) {
            mongo.updateFirst(query(where("_id").is(domain)), new Update().inc("bytes", -bytes).inc("messages", -count),
                    DomainQuotaDocument.class);
        }
    }

    QuotaUsage usage(Principal p) {
        QuotaDocument doc = mongo.findById(id(p), QuotaDocument.class);
        QuotaPolicy.Limits limits = policy.limitsFor(p);
        return new QuotaUsage(doc == null ? 0 : Math.max(0, doc.bytes()), doc == null ? 0 : Math.max(0, doc.messages()),
                limits.bytes(), limits.messages());
    }

    private boolean reserveUser(Principal p, QuotaPolicy.Limits limits, long bytes, long count) {
        return conditionalInc(QuotaDocument.class, id(p), limits.bytes(), limits.messages(), bytes, count,
                recordDomain(p), () -> ensureUser(p));
    }

    private boolean reserveDomain(Principal p, QuotaPolicy.Limits limits, long bytes, long count) {
        String domain = domainCounter(p);
        return domain == null || conditionalInc(DomainQuotaDocument.class, domain, limits.domainBytes(),
                limits.domainMessages(), bytes, count, null, () -> ensureDomain(p));
    }

    /** What a user counter's update records of its domain: the domain counter's id, when {@code p} has an address. */
    private static String recordDomain(Principal p) {
        return addressed(p) ? domainId(p) : null;
    }

    private void releaseUser(Principal p, long bytes, long count) {
        mongo.updateFirst(query(where("_id").is(id(p))), new Update().inc("bytes", -bytes).inc("messages", -count),
                QuotaDocument.class);
    }

    /**
     * {@code $inc} of one counter while it stays within the limits (0: unlimited); the first time,
     * the counter document is created (or found created meanwhile) and the update tried once more.
     */
    private boolean conditionalInc(Class<?> type, String id, long maxBytes, long maxMessages, long bytes, long count,
                                   String domainId, Runnable ensure) {
        Criteria c = where("_id").is(id);
        if (maxBytes > 0) {
            c = c.and("bytes").lte(maxBytes - bytes);
        }
        if (maxMessages > 0) {
            c = c.and("messages").lte(maxMessages - count);
        }
        Update inc = counting(bytes, count, domainId);
        if (steps.updateFirst(query(c), inc, type).getModifiedCount() == 1) {
            return true;
        }
        if (!mongo.exists(query(where("_id").is(id)), type)) {
            ensure.run();
        }
        // once more even when it existed: another node may have created it since the first try
        return steps.updateFirst(query(c), inc, type).getModifiedCount() == 1;
    }

    private void inc(Class<?> type, String id, long bytes, long count, String domainId, Runnable ensure) {
        Update inc = counting(bytes, count, domainId);
        if (steps.updateFirst(query(where("_id").is(id)), inc, type).getModifiedCount() == 0) {
            ensure.run();
            steps.updateFirst(query(where("_id").is(id)), inc, type);
        }
    }

    /** The {@code $inc} of a counter, recording the user's domain counter in the same update (no extra write). */
    private static Update counting(long bytes, long count, String domainId) {
        Update update = new Update().inc("bytes", bytes).inc("messages", count);
        return domainId == null ? update : update.set("domainId", domainId);
    }

    private void ensureUser(Principal p) {
        try {
            steps.insert(new QuotaDocument(id(p), p.tenantId(), p.userId(), 0, 0, recordDomain(p)));
        } catch (DuplicateKeyException raced) {
            // another node created it first
        }
    }

    private void ensureDomain(Principal p) {
        if (!addressed(p)) {
            return; // only reached for a recorded domain, whose counter a reservation made
        }
        try {
            steps.insert(new DomainQuotaDocument(domainId(p), p.tenantId(), domain(p), 0, 0));
        } catch (DuplicateKeyException raced) {
            // another node created it first
        }
    }
}
