package org.mailplatform.store.mongo;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import org.mailplatform.model.Principal;
import org.mailplatform.store.OverQuotaException;
import org.mailplatform.store.QuotaPolicy;
import org.mailplatform.store.QuotaUsage;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Quota usage per user, reserved with one conditional {@code $inc} before a message is stored: the
 * update only matches while the usage plus the new message stays within the limit, so concurrent
 * appends on any number of nodes can never exceed it.
 */
final class QuotaLedger {

    private final MongoTemplate mongo;
    private final QuotaPolicy policy;

    QuotaLedger(MongoTemplate mongo, QuotaPolicy policy) {
        this.mongo = mongo;
        this.policy = policy;
    }

    static String id(Principal p) {
        return p.tenantId() + "/" + p.userId();
    }

    /** Reserves {@code bytes} and {@code count} messages, or throws {@link OverQuotaException}. */
    void reserve(Principal p, long bytes, long count) {
        if (tryReserve(p, bytes, count)) {
            return;
        }
        // the first append of a user: create the usage document (or find it created meanwhile), retry once
        if (!mongo.exists(query(where("_id").is(id(p))), QuotaDocument.class)) {
            ensure(p);
        }
        if (tryReserve(p, bytes, count)) {
            return;
        }
        throw new OverQuotaException("quota exceeded for " + p.address());
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
        if (sizes.length > 1 && tryReserve(p, total, sizes.length)) {
            java.util.Arrays.fill(reserved, true);
            return reserved;
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

    private boolean tryReserve(Principal p, long bytes, long count) {
        QuotaPolicy.Limits limits = policy.limitsFor(p);
        Criteria c = where("_id").is(id(p));
        if (limits.bytes() > 0) {
            c = c.and("bytes").lte(limits.bytes() - bytes);
        }
        if (limits.messages() > 0) {
            c = c.and("messages").lte(limits.messages() - count);
        }
        return mongo.updateFirst(query(c), new Update().inc("bytes", bytes).inc("messages", count),
                QuotaDocument.class).getModifiedCount() == 1;
    }

    /** Gives back what an expunge, delete or failed append freed. */
    void release(Principal p, long bytes, long count) {
        if (bytes == 0 && count == 0) {
            return;
        }
        mongo.updateFirst(query(where("_id").is(id(p))), new Update().inc("bytes", -bytes).inc("messages", -count),
                QuotaDocument.class);
    }

    QuotaUsage usage(Principal p) {
        QuotaDocument doc = mongo.findById(id(p), QuotaDocument.class);
        QuotaPolicy.Limits limits = policy.limitsFor(p);
        return new QuotaUsage(doc == null ? 0 : Math.max(0, doc.bytes()), doc == null ? 0 : Math.max(0, doc.messages()),
                limits.bytes(), limits.messages());
    }

    private void ensure(Principal p) {
        try {
            mongo.insert(new QuotaDocument(id(p), p.tenantId(), p.userId(), 0, 0));
        } catch (DuplicateKeyException raced) {
            // another node created it first
        }
    }
}
