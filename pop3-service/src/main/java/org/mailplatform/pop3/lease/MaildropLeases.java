package org.mailplatform.pop3.lease;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.mailplatform.model.Principal;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Maildrop leases in MongoDB collection {@value #COLLECTION}, one document per maildrop.
 *
 * <p>Acquiring is one {@code findAndModify} with upsert whose filter matches only a free or expired
 * lease (and, with a login delay, only one whose last login is old enough). When the lease is held,
 * the filter misses the existing document, the upsert tries to insert a second document with the
 * same {@code _id} and fails with a duplicate key: exactly one contender wins, on any number of
 * nodes, without transactions. Renewing and releasing match on the owner, so a session whose lease
 * expired and was taken over can never renew or release the new holder's lease.
 */
public final class MaildropLeases {

    static final String COLLECTION = "pop3_leases";

    private final MongoTemplate mongo;
    private final Duration ttl;
    private final Duration loginDelay;
    private final Clock clock;

    /**
     * @param ttl        how long a lease lives without renewal
     * @param loginDelay the least time between the starts of two sessions of a maildrop; zero for none
     */
    public MaildropLeases(MongoTemplate mongo, Duration ttl, Duration loginDelay, Clock clock) {
        this.mongo = mongo;
        this.ttl = ttl;
        this.loginDelay = loginDelay;
        this.clock = clock;
    }

    public static String maildropOf(Principal principal) {
        return principal.tenantId() + "/" + principal.userId();
    }

    public Duration ttl() {
        return ttl;
    }

    /** Tries to lock the principal's maildrop for {@code owner}. */
    public LeaseOutcome acquire(Principal principal, String owner) {
        String id = maildropOf(principal);
        Instant now = clock.instant();
        Criteria free = new Criteria().orOperator(where("owner").is(null), where("expiresAt").lt(now));
        Criteria filter = where("_id").is(id).andOperator(loginDelay.isZero() ? free
                : new Criteria().andOperator(free, new Criteria().orOperator(where("lastLogin").is(null),
                        where("lastLogin").lte(now.minus(loginDelay)))));
        Update take = new Update().set("owner", owner).set("expiresAt", now.plus(ttl)).set("lastLogin", now);
        try {
            LeaseDocument taken = mongo.findAndModify(query(filter), take,
                    FindAndModifyOptions.options().upsert(true).returnNew(true), LeaseDocument.class);
            if (taken != null && owner.equals(taken.owner())) {
                return new LeaseOutcome.Acquired(new Lease(id, owner));
            }
        } catch (DuplicateKeyException held) {
            // someone holds it, or the login delay has not passed: find out which below
        }
        LeaseDocument current = mongo.findById(id, LeaseDocument.class);
        if (current != null && current.owner() != null && current.expiresAt().isAfter(now)) {
            return new LeaseOutcome.InUse();
        }
        if (current != null && current.lastLogin() != null && !loginDelay.isZero()) {
            Duration wait = Duration.between(now, current.lastLogin().plus(loginDelay));
            if (!wait.isNegative()) {
                return new LeaseOutcome.TooSoon(wait);
            }
        }
        return new LeaseOutcome.InUse(); // lost a race with a concurrent login
    }

    /** Extends the lease; {@code false} if it is no longer this owner's (it expired and was taken). */
    public boolean renew(Lease lease) {
        Instant now = clock.instant();
        return mongo.updateFirst(query(where("_id").is(lease.maildrop()).and("owner").is(lease.owner())),
                new Update().set("expiresAt", now.plus(ttl)), LeaseDocument.class).getMatchedCount() == 1;
    }

    /** Frees the maildrop if this owner still holds it. */
    public void release(Lease lease) {
        mongo.updateFirst(query(where("_id").is(lease.maildrop()).and("owner").is(lease.owner())),
                new Update().set("owner", null).set("expiresAt", clock.instant()), LeaseDocument.class);
    }
}
