package org.mailplatform.store.mongo;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.bson.types.Binary;
import org.mailplatform.store.config.SharedBodyCacheProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;

/**
 * A cluster-wide cache of small blobs' bytes in MongoDB (collection {@code body_cache}, ADR 0211),
 * as Apache James keeps small blobs in its metadata database in front of the object store. The
 * node-local {@link BodyCache} helps only the node that read a message before; this one helps every
 * node from the moment the message is stored, so the first download of new mail (a POP3
 * retrieve-all, an IMAP client's sync) reads many small messages in one query instead of one
 * object-store request each.
 *
 * <p>The object store stays the only place a message's bytes are kept: an entry is a copy, written
 * after its message was stored, dropped after {@code ttl} (a TTL index where MongoDB honours it, and
 * an hourly sweep for the embedded server, which does not) and when the garbage collector deletes its
 * blob ({@link StoreMaintenance#forgetCachedBodies}). Blobs never change, so an entry is never stale. Writes are queued and made in batches off the
 * appending thread; a full queue or a failed write loses only the copy, and a failed read falls back
 * to the object store. Callers check ownership before they ask, as for an object-store read.
 */
final class SharedBodyCache {

    static final String COLLECTION = "body_cache";
    private static final int BATCH = 128;
    private static final Duration SWEEP_EVERY = Duration.ofHours(1);
    private static final Logger log = LoggerFactory.getLogger(SharedBodyCache.class);
    private static final ExecutorService WRITERS = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("shared-body-cache-writer-", 0).factory());

    private record Entry(String key, byte[] bytes) {
    }

    private final MongoTemplate mongo;
    private final long maxBlob;
    private final Duration ttl;
    private final Clock clock;
    private final ArrayBlockingQueue<Entry> queue;
    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile Instant nextSweep;
    private final Counter hits;
    private final Counter misses;
    private final Counter readFailures;
    private final Counter written;
    private final Counter duplicates;
    private final Counter dropped;
    private final Counter writeFailures;

    SharedBodyCache(MongoTemplate mongo, SharedBodyCacheProperties properties, MeterRegistry meters, Clock clock) {
        this.mongo = mongo;
        this.maxBlob = properties.maxBlob().toBytes();
        this.ttl = properties.ttl();
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(properties.writeQueue());
        this.nextSweep = clock.instant();
        this.hits = reads(meters, "hit");
        this.misses = reads(meters, "miss");
        this.readFailures = reads(meters, "error");
        this.written = writes(meters, "written");
        this.duplicates = writes(meters, "duplicate");
        this.dropped = writes(meters, "dropped");
        this.writeFailures = writes(meters, "failed");
        if (properties.enabled()) {
            // expire after 0 s on the entry's own expiry: a changed ttl applies to new entries
            // without rebuilding the index
            mongo.indexOps(COLLECTION).createIndex(new Index().named("expires_at")
                    .on("expiresAt", Sort.Direction.ASC).expire(Duration.ZERO));
        }
    }

    private static Counter reads(MeterRegistry meters, String result) {
        return Counter.builder("mail.store.shared.bodies.reads").tag("result", result)
                .description("reads of the cluster-wide cache of small messages' bytes").register(meters);
    }

    private static Counter writes(MeterRegistry meters, String outcome) {
        return Counter.builder("mail.store.shared.bodies.writes").tag("outcome", outcome)
                .description("entries offered to the cluster-wide cache of small messages' bytes").register(meters);
    }

    /** Whether a blob of {@code size} bytes is one the cache keeps. */
    boolean keeps(long size) {
        return maxBlob > 0 && size >= 0 && size <= maxBlob;
    }

    /**
     * Queues a copy of blob {@code key}'s bytes to be written; returns at once. Offer only bytes of a
     * blob a stored message refers to, so no copy outlives the message by more than its ttl.
     */
    void offer(String key, byte[] bytes) {
        if (!keeps(bytes.length)) {
            return;
        }
        if (!queue.offer(new Entry(key, bytes))) {
            dropped.increment();
            return;
        }
        startDraining();
    }

    private void startDraining() {
        if (draining.compareAndSet(false, true)) {
            WRITERS.execute(this::drain);
        }
    }

    private void drain() {
        try {
            List<Entry> batch = new ArrayList<>(BATCH);
            while (queue.drainTo(batch, BATCH) > 0) {
                write(batch);
                batch.clear();
            }
            sweepIfDue();
        } finally {
            draining.set(false);
            // an entry offered between the last drainTo and the flag's reset found the flag still set;
            // in the finally block, so not even an Error in the loop leaves it waiting for the next offer
            if (!queue.isEmpty()) {
                startDraining();
            }
        }
    }

    private void write(List<Entry> batch) {
        Date expiresAt = Date.from(clock.instant().plus(ttl));
        List<Document> docs = new ArrayList<>(batch.size());
        for (Entry e : batch) {
            docs.add(new Document("_id", e.key()).append("bytes", new Binary(e.bytes())).append("expiresAt", expiresAt));
        }
        try {
            collection().insertMany(docs, new InsertManyOptions().ordered(false));
            written.increment(docs.size());
        } catch (MongoBulkWriteException e) {
            // another node (or another recipient of the same queued message) cached it first
            long dup = e.getWriteErrors().stream().filter(w -> w.getCode() == 11000).count();
            long failed = e.getWriteErrors().size() - dup;
            duplicates.increment(dup);
            writeFailures.increment(failed);
            written.increment(docs.size() - e.getWriteErrors().size());
            if (failed > 0) {
                log.warn("shared body cache: {} of {} entries not written: {}", failed, docs.size(),
                        e.getWriteErrors().stream().filter(w -> w.getCode() != 11000).findFirst()
                                .map(BulkWriteError::getMessage).orElse("?"));
            }
        } catch (RuntimeException e) {
            writeFailures.increment(docs.size());
            log.warn("shared body cache: {} entries not written: {}", docs.size(), e.toString());
        }
    }

    /** The bytes of blob {@code key}, or null when not cached (or the cache cannot be read). */
    byte[] get(String key) {
        try {
            Document found = collection().find(eq("_id", key)).first();
            return counted(found == null ? null : bytesOf(found));
        } catch (RuntimeException e) {
            readFailures.increment();
            log.debug("shared body cache read failed: {}", e.toString());
            return null;
        }
    }

    /** The bytes of those of {@code keys} that are cached, in one query; empty when the cache cannot be read. */
    Map<String, byte[]> getAll(Collection<String> keys) {
        if (keys.isEmpty() || maxBlob <= 0) {
            return Map.of();
        }
        Map<String, byte[]> found = new HashMap<>();
        try {
            for (Document d : collection().find(in("_id", keys))) {
                byte[] bytes = bytesOf(d);
                if (bytes != null) {
                    found.put(d.getString("_id"), bytes);
                }
            }
        } catch (RuntimeException e) {
            readFailures.increment(keys.size());
            log.debug("shared body cache read failed: {}", e.toString());
            return Map.of();
        }
        hits.increment(found.size());
        misses.increment(keys.size() - found.size());
        return found;
    }

    /** Deletes expired entries, at most once an hour per node (MongoDB's TTL monitor does it too). */
    void sweepIfDue() {
        Instant now = clock.instant();
        if (now.isBefore(nextSweep)) {
            return;
        }
        nextSweep = now.plus(SWEEP_EVERY);
        try {
            collection().deleteMany(lt("expiresAt", Date.from(now)));
        } catch (RuntimeException e) {
            log.debug("shared body cache sweep failed: {}", e.toString());
        }
    }

    /** Whether every queued entry has been written (for tests and benchmarks). */
    boolean idle() {
        return queue.isEmpty() && !draining.get();
    }

    private byte[] counted(byte[] bytes) {
        (bytes == null ? misses : hits).increment();
        return bytes;
    }

    private static byte[] bytesOf(Document d) {
        Object bytes = d.get("bytes");
        return bytes instanceof Binary b ? b.getData() : null;
    }

    /**
     * The cache's collection; written with {@code j: false} even on a replica set: a copy lost by a
     * crash or a failover is a miss, and the blob in S3 answers instead (as one expired does).
     */
    private MongoCollection<Document> collection() {
        return mongo.getCollection(COLLECTION).withWriteConcern(StepWrites.UNJOURNALED);
    }
}
