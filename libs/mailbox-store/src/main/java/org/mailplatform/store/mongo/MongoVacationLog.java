package org.mailplatform.store.mongo;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Locale;

import org.mailplatform.model.Principal;
import org.mailplatform.store.StoreUnavailableException;
import org.mailplatform.store.sieve.VacationLog;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Vacation replies sent, in collection {@value #COLLECTION}: one document per (tenant, user, sender
 * in lower case, handle), unique index {@code owner_sender_handle}, holding {@code until}: when the
 * next reply to that sender under that handle may go.
 *
 * <p>{@link #claimReply} is one conditional upsert: it matches the record only when {@code until} has
 * passed and then moves it on; a record that has not expired does not match, so the upsert tries to
 * insert a second one and the unique index refuses it: no reply. Two deliveries at once, on any nodes,
 * therefore claim once. The period that counts is the one given when the reply was claimed (a script
 * changed to a shorter {@code :days} takes effect after the current record expires).
 *
 * <p>A TTL index ({@code expiry}, on {@code until}) lets MongoDB delete expired records, so the
 * collection holds only the senders answered within their period (the embedded MongoDB keeps them,
 * which changes nothing but the size: an expired record is matched and reused).
 */
public final class MongoVacationLog implements VacationLog {

    static final String COLLECTION = "sieve_vacation";

    private final MongoTemplate mongo;
    private final Clock clock;

    public MongoVacationLog(MongoTemplate mongo) {
        this(mongo, Clock.systemUTC());
    }

    public MongoVacationLog(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
        var indexes = mongo.indexOps(COLLECTION);
        indexes.createIndex(new Index().named("owner_sender_handle").on("tenantId", Sort.Direction.ASC)
                .on("userId", Sort.Direction.ASC).on("sender", Sort.Direction.ASC).on("handle", Sort.Direction.ASC)
                .unique());
        indexes.createIndex(new Index().named("expiry").on("until", Sort.Direction.ASC).expire(Duration.ZERO));
    }

    @Override
    public boolean claimReply(Principal user, String sender, String handle, Duration period) {
        if (period == null || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("the period must be positive");
        }
        Instant now = clock.instant();
        var expired = query(where("tenantId").is(user.tenantId()).and("userId").is(user.userId())
                .and("sender").is(sender.toLowerCase(Locale.ROOT)).and("handle").is(handle == null ? "" : handle)
                .and("until").lte(Date.from(now)));
        try {
            mongo.upsert(expired, new Update().set("until", Date.from(now.plus(period))).set("repliedAt", Date.from(now)),
                    COLLECTION);
            return true;
        } catch (DuplicateKeyException repliedWithinThePeriod) {
            return false;
        } catch (DataAccessResourceFailureException e) {
            throw new StoreUnavailableException("vacation log unavailable: " + e.getMessage(), e);
        }
    }
}
