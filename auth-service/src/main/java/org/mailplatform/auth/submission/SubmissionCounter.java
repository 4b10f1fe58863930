package org.mailplatform.auth.submission;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import org.bson.Document;
import org.mailplatform.directory.client.SlidingHour;
import org.mailplatform.directory.client.SubmissionAllowance;
import org.mailplatform.directory.client.wire.SubmissionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts users' submitted messages for every smtp-ingress replica, in the {@code submission_counts}
 * collection: one document per (user, UTC day), {@code _id} {@code <tenant>/<user>/<yyyy-mm-dd>},
 * holding the day's count ({@code day}) and one count per hour of that day ({@code h00}..{@code h23}).
 * A UTC hour always lies inside one UTC day, so both windows of a reservation live in the same
 * document and one conditional update decides both atomically:
 * {@code findAndModify({_id, day < perDay, hHH not >= perHour}, {$inc: {day: 1, hHH: 1}}, upsert)}.
 * MongoDB applies it to one document under the document's lock, so of any number of concurrent
 * replicas exactly as many as the limit leave allowed; with two documents (hour and day) the
 * second update failing would need a compensating decrement, and a crash between them would
 * leave a count behind.
 *
 * <p>The first reservation of a day inserts the document through the upsert. When the filter does
 * not match an existing document (over a limit), the upsert tries to insert the same {@code _id}
 * and fails with a duplicate key; so does the loser of two first reservations racing to create it.
 * Both are then decided by the same conditional update without upsert, against the document that
 * now certainly exists. A refused reservation counts nothing.
 *
 * <p>The hourly limit holds over any 60 minutes ({@link SlidingHour}): the previous calendar hour's
 * count, which no longer changes, is read first, and the current hour's filter uses the cap it
 * leaves ({@code hHH not >= cap}) instead of the whole hourly limit. The day is a UTC calendar day.
 *
 * <p>A TTL index on {@code expiresAt} (the end of the day plus an hour, for replicas whose clocks
 * lag) removes a day's document once nothing can count into it any more.
 */
@Component
public class SubmissionCounter {

    static final String COLLECTION = "submission_counts";
    private static final Logger LOG = LoggerFactory.getLogger(SubmissionCounter.class);
    /** Replicas' clocks may lag: a day's document stays this long after the day. */
    private static final Duration EXPIRY_GRACE = Duration.ofHours(1);

    private final MongoTemplate mongo;
    private final Clock clock;
    private final SubmissionLimitProperties limits;
    private final SlidingHour hour;
    private final Counter allowed;
    private final Counter limited;

    public SubmissionCounter(MongoTemplate mongo, Clock clock, SubmissionLimitProperties limits, MeterRegistry meters) {
        this.mongo = mongo;
        this.clock = clock;
        this.limits = limits;
        this.hour = new SlidingHour(limits.perHour());
        this.allowed = Counter.builder("mail.auth.submissions").description("submission reservations of smtp-ingress")
                .tag("outcome", "allowed").register(meters);
        this.limited = Counter.builder("mail.auth.submissions").description("submission reservations of smtp-ingress")
                .tag("outcome", "limited").register(meters);
        mongo.indexOps(COLLECTION).createIndex(new Index().named("expires_at").on("expiresAt", Sort.Direction.ASC)
                .expire(Duration.ZERO));
    }

    /** Counts one message of the user if it is within both limits; otherwise counts nothing. */
    public SubmissionResponse reserve(String tenantId, String userId) {
        Instant now = clock.instant();
        Instant dayStart = now.truncatedTo(ChronoUnit.DAYS);
        String id = documentId(tenantId, userId, now);
        String hourField = hourField(now);
        long previousHour = previousHour(tenantId, userId, now);
        long hourCap = hour.cap(previousHour, now);
        if (hourCap <= 0) {
            return refused(id, hourField, previousHour, now);
        }
        // $not $gte rather than $lt: a missing hour field (first message of the hour) must match
        Query withinLimits = query(where("_id").is(id).and("day").lt(limits.perDay())
                .and(hourField).not().gte(hourCap));
        Update count = new Update().inc("day", 1).inc(hourField, 1).setOnInsert("tenantId", tenantId)
                .setOnInsert("userId", userId).setOnInsert("expiresAt", dayStart.plus(Duration.ofDays(1)).plus(EXPIRY_GRACE));
        Document counted;
        try {
            counted = mongo.findAndModify(withinLimits, count, FindAndModifyOptions.options().upsert(true).returnNew(true),
                    Document.class, COLLECTION);
        } catch (DuplicateKeyException existing) {
            counted = mongo.findAndModify(withinLimits, count, FindAndModifyOptions.options().returnNew(true),
                    Document.class, COLLECTION);
        }
        if (counted != null) {
            allowed.increment();
            long hourCount = number(counted, hourField);
            long dayCount = number(counted, "day");
            if (hourCount == limits.perHour() || dayCount == limits.perDay()) {
                // once per window: the reservation that used up the last message
                LOG.info("user {} of tenant {} reached its submission limit ({} this hour of {}, {} today of {})",
                        userId, tenantId, hourCount, limits.perHour(), dayCount, limits.perDay());
            }
            return SubmissionResponse.allowed(hourCount, dayCount);
        }
        return refused(id, hourField, previousHour, now);
    }

    /** A refusal: nothing counted; says which window is full and when it lets one more through. */
    private SubmissionResponse refused(String id, String hourField, long previousHour, Instant now) {
        limited.increment();
        // read only to say which window is full; the decision is already made
        Document current = mongo.findById(id, Document.class, COLLECTION);
        long hourCount = current == null ? 0 : number(current, hourField);
        long dayCount = current == null ? 0 : number(current, "day");
        if (dayCount >= limits.perDay()) {
            return SubmissionResponse.limited(hourCount, dayCount, SubmissionAllowance.Window.DAY, limits.perDay(),
                    now.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1)));
        }
        return SubmissionResponse.limited(hourCount, dayCount, SubmissionAllowance.Window.HOUR, limits.perHour(),
                hour.nextAllowed(previousHour, hourCount, now));
    }

    /** The count of the calendar hour before {@code now}'s (in the day before's document at 00:xx). */
    private long previousHour(String tenantId, String userId, Instant now) {
        Instant previous = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
        String field = hourField(previous);
        Query q = query(where("_id").is(documentId(tenantId, userId, previous)));
        q.fields().include(field);
        Document d = mongo.findOne(q, Document.class, COLLECTION);
        return d == null ? 0 : number(d, field);
    }

    private static String documentId(String tenantId, String userId, Instant at) {
        return tenantId + "/" + userId + "/" + LocalDate.ofInstant(at, ZoneOffset.UTC);
    }

    private static String hourField(Instant at) {
        return "h%02d".formatted(at.atZone(ZoneOffset.UTC).getHour());
    }

    private static long number(Document document, String field) {
        Object value = document.get(field);
        return value instanceof Number n ? n.longValue() : 0;
    }
}
