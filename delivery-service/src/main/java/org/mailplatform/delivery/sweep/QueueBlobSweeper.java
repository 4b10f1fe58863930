package org.mailplatform.delivery.sweep;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.mailplatform.blob.BlobKey;
import org.mailplatform.blob.BlobNotFoundException;
import org.mailplatform.blob.BlobStore;
import org.mailplatform.blob.ResumableWalk;
import org.mailplatform.store.mongo.StoreMaintenance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes queued message bodies older than the retention that no mailbox message refers to, like a
 * mail queue drops a queue file once its recipients are done: by then every recipient was delivered,
 * bounced or expired. Local delivery stores messages by reference to their queued body, so
 * {@code <prefix>/} holds every delivered message as long as users keep it; a run therefore never
 * lists it whole but, for each prefix (ADR 0209):
 * <ol>
 * <li><b>window</b>: lists the hour buckets ({@code <prefix>/yyyy/mm/dd/hh/}) that passed the
 * retention since the last run (one hour of overlap), and deletes their bodies no message refers
 * to;</li>
 * <li><b>released</b>: asks the store which blob keys messages stopped referring to since the last
 * run (expunged messages, deleted mailboxes and users), and deletes those of its prefix whose bucket
 * passed the retention and that no message refers to any more. A younger body may still be needed by
 * the queue (other recipients, retries, a dead letter replayed) and is left to its window;</li>
 * <li><b>full walk</b>, every {@code full-walk-interval}, on the first run and after a gap longer than
 * that: lists every key under the prefix, both layouts (keys of the month layout written before the
 * hour buckets are collected only here). A walk begun and ended in one run replaces that run's
 * window and released passes, having looked at every key they would. With
 * {@code full-walk-pages-per-run} a walk lists only so many pages a run and goes on from there in
 * the next runs; those runs do their window and released passes as well, and the first run after
 * an upgrade, which begins such a walk, also starts the window at its cutoff.</li>
 * </ol>
 * Where each pass got to is a checkpoint in MongoDB shared by every instance; several instances may
 * sweep at once: a delete is idempotent, a blob another instance deleted first is no error, and a
 * checkpoint only moves forward. The references of a page of keys are asked in one query, so a
 * listing of millions of keys costs the memory of one page. A body's copy in mailbox-store's shared
 * cache of small messages (ADR 0211: a delivery by reference copies the queued body there) is
 * deleted just before the body.
 */
public class QueueBlobSweeper {

    private static final Logger log = LoggerFactory.getLogger(QueueBlobSweeper.class);

    /**
     * How long an expunged message still keeps its queued body: a COPY of it reads the blob key
     * before it inserts the copy, and must not find the body deleted in between.
     */
    static final Duration EXPUNGE_GRACE = Duration.ofHours(1);

    /**
     * How far before its checkpoint a pass starts again: a body whose upload ended after the cutoff
     * of the run that listed its hour, or a release recorded late, is looked at once more.
     */
    static final Duration OVERLAP = Duration.ofHours(1);

    /**
     * The most hour buckets one run lists when full walks are off; a longer gap (an outage) is
     * caught up over several runs. With full walks on, a gap longer than the interval is one walk.
     */
    static final long MAX_HOURS_WITHOUT_WALKS = 7 * 24;

    private final BlobStore blobs;
    /** mailbox-store's view across users: references to blob keys, released keys, checkpoints. */
    private final StoreMaintenance store;
    private final QueueBlobProperties properties;
    private final Clock clock;
    private final Counter deleted;
    private final Counter kept;
    private final Counter examinedInWindow;
    private final Counter examinedReleased;
    private final Counter examinedInWalk;
    private final Counter walkPages;
    private final ResumableWalk walk;
    private final Timer sweeps;

    public QueueBlobSweeper(BlobStore blobs, StoreMaintenance store, QueueBlobProperties properties, Clock clock,
                            MeterRegistry meters) {
        this.blobs = blobs;
        this.store = store;
        this.properties = properties;
        this.clock = clock;
        this.deleted = Counter.builder("mail.delivery.queue.blobs").tag("outcome", "deleted")
                .description("queued message bodies deleted after the retention").register(meters);
        this.kept = Counter.builder("mail.delivery.queue.blobs").tag("outcome", "referenced")
                .description("queued message bodies past the retention kept because a mailbox message refers to them")
                .register(meters);
        this.examinedInWindow = examined(meters, "window");
        this.examinedReleased = examined(meters, "released");
        this.examinedInWalk = examined(meters, "walk");
        this.walkPages = Counter.builder("mail.delivery.queue.blobs.walk.pages")
                .description("pages of queued blob keys the sweeper's full walks listed").register(meters);
        this.walk = new ResumableWalk(blobs, properties.pageSize(), properties.fullWalkPagesPerRun());
        this.sweeps = Timer.builder("mail.delivery.queue.sweeps").description("runs of the queued blob sweeper")
                .register(meters);
    }

    private static Counter examined(MeterRegistry meters, String source) {
        return Counter.builder("mail.delivery.queue.blobs.examined").tag("source", source)
                .description("queued blob keys the sweeper looked at: listed in an hour bucket (window), released by"
                        + " messages (released), listed by a full walk (walk)")
                .register(meters);
    }

    /** One pass over every prefix; returns the number of blobs deleted. */
    public int run() {
        return sweeps.record(() -> {
            Instant now = clock.instant();
            int count = 0;
            for (String prefix : properties.prefixes()) {
                count += new PrefixSweep(prefix, now).run();
            }
            return count;
        });
    }

    /** What one run's part of a walk came to: how far it got, and the blobs it deleted. */
    private record Walked(ResumableWalk.Run run, int deleted) {
    }

    /** One run's work on one prefix. */
    private final class PrefixSweep {
        private final String prefix;
        private final Instant now;
        /** Bodies written before this are old enough to go. */
        private final Instant cutoff;
        /** Messages expunged after this still keep their bodies. */
        private final Instant expungedSince;

        PrefixSweep(String prefix, Instant now) {
            this.prefix = prefix;
            this.now = now;
            this.cutoff = now.minus(properties.retention());
            this.expungedSince = now.minus(EXPUNGE_GRACE);
        }

        private String checkpoint(String step) {
            return "queue-sweep." + prefix + "." + step;
        }

        int run() {
            Optional<Instant> window = store.checkpoint(checkpoint("window"));
            long hours = window.map(w -> QueueBuckets.countEnding(w.minus(OVERLAP), cutoff)).orElse(0L);
            Optional<StoreMaintenance.WalkPosition> position = properties.fullWalks()
                    ? store.position(checkpoint("full-walk")) : Optional.empty();
            boolean walking = position.isPresent()
                    || properties.fullWalks() && (window.isEmpty() || hours > maxHours() || walkDue());
            int count = 0;
            if (walking) {
                Instant started = position.map(StoreMaintenance.WalkPosition::started).orElse(now);
                Walked walked = walk(started);
                count = walked.deleted();
                if (walked.run().finished() && position.isEmpty()) {
                    // begun and ended in this run: it looked at every body the window and the releases would have
                    store.advanceCheckpoint(checkpoint("window"), cutoff);
                    store.advanceCheckpoint(checkpoint("released"), expungedSince);
                    logged(count, "full walk");
                    return count;
                }
            }
            // no walk, or one that did not cover the prefix in this run: the hours and releases since the last run
            if (window.isEmpty()) {
                // the first run (or full walks off): the window starts here, older bodies are the walk's
                store.advanceCheckpoint(checkpoint("window"), cutoff);
            } else {
                QueueBuckets buckets = QueueBuckets.ending(window.get().minus(OVERLAP), cutoff, maxHours());
                for (Instant hour : buckets.hours()) {
                    count += sweepListing(QueueBuckets.hourPrefix(prefix, hour), examinedInWindow);
                }
                store.advanceCheckpoint(checkpoint("window"), hours > maxHours() ? buckets.end() : cutoff);
            }
            count += released();
            logged(count, walking ? "part of a full walk, window and released" : "window and released");
            return count;
        }

        private long maxHours() {
            return properties.fullWalks() ? Math.max(1, properties.fullWalkInterval().toHours())
                    : MAX_HOURS_WITHOUT_WALKS;
        }

        private boolean walkDue() {
            return store.checkpoint(checkpoint("full-walk"))
                    .map(at -> !at.isAfter(now.minus(properties.fullWalkInterval()))).orElse(true);
        }

        /**
         * Lists the prefix from where the walk got to, at most the budget of pages, recording after each
         * page where it got to; once at the end, the walk's checkpoint becomes when it began.
         */
        private Walked walk(Instant started) {
            String name = checkpoint("full-walk");
            int[] count = {0};
            ResumableWalk.Run run = walk.run(List.of(prefix + "/"), store.walkPosition(name, started), page -> {
                examinedInWalk.increment(page.size());
                walkPages.increment();
                count[0] += deleteUnreferenced(page.stream().filter(this::isOld).map(b -> b.key().value()).toList(),
                        false);
            });
            if (run.finished()) {
                store.finishWalk(name, started);
            }
            return new Walked(run, count[0]);
        }

        /**
         * Written before the cutoff, and for an hour key in an hour that ended by then, as the window
         * would judge it (a month is too coarse: a legacy key goes by its date).
         */
        private boolean isOld(BlobStore.BlobInfo blob) {
            return blob.lastModified() < cutoff.toEpochMilli()
                    && QueueBuckets.hourEnd(prefix, blob.key().value()).map(end -> !end.isAfter(cutoff)).orElse(true);
        }

        /** Deletes the old unreferenced blobs listed under {@code keyPrefix}, a page at a time. */
        private int sweepListing(String keyPrefix, Counter examined) {
            int count = 0;
            List<String> old = new ArrayList<>();
            try (Stream<BlobStore.BlobInfo> listing = blobs.walk(keyPrefix, properties.pageSize())) {
                for (BlobStore.BlobInfo blob : (Iterable<BlobStore.BlobInfo>) listing::iterator) {
                    examined.increment();
                    if (isOld(blob)) {
                        old.add(blob.key().value());
                    }
                    if (old.size() >= properties.pageSize()) {
                        count += deleteUnreferenced(old, false);
                        old.clear();
                    }
                }
            }
            return count + deleteUnreferenced(old, false);
        }

        /** Deletes the released keys of this prefix whose bucket passed the retention and that nothing refers to. */
        private int released() {
            Instant from = store.checkpoint(checkpoint("released")).map(at -> at.minus(OVERLAP)).orElse(null);
            int[] count = {0};
            store.forEachReleasedPage(from, expungedSince, properties.pageSize(), page -> {
                List<String> old = new ArrayList<>();
                for (String key : page) {
                    if (key.startsWith(prefix + "/")) {
                        examinedReleased.increment();
                        // a younger body may still be needed by the queue: its window will look at it
                        if (QueueBuckets.end(prefix, key).filter(end -> !end.isAfter(cutoff)).isPresent()) {
                            old.add(key);
                        }
                    }
                }
                count[0] += deleteUnreferenced(old, true);
            });
            store.advanceCheckpoint(checkpoint("released"), expungedSince);
            return count[0];
        }

        /**
         * @param mayBeGone the keys were not just listed: a key released twice, or looked at again in
         *                  the overlap, may be deleted already and is not counted again
         */
        private int deleteUnreferenced(List<String> keys, boolean mayBeGone) {
            if (keys.isEmpty()) {
                return 0;
            }
            Set<String> referenced = store.referencedBlobs(keys, expungedSince);
            List<String> unreferenced = keys.stream().filter(key -> !referenced.contains(key)).toList();
            kept.increment(keys.size() - unreferenced.size());
            // the copies of small bodies in the shared body cache (ADR 0211) first: a failure between
            // the two leaves a body without its copy, never a copy of a deleted body, which the next
            // runs would not look for (a walk lists only what is left in the bucket)
            store.forgetCachedBodies(unreferenced);
            int count = 0;
            for (String key : unreferenced) {
                if (delete(new BlobKey(key), mayBeGone)) {
                    count++;
                }
            }
            return count;
        }

        private boolean delete(BlobKey key, boolean mayBeGone) {
            try {
                if (mayBeGone && !blobs.exists(key)) {
                    return false;
                }
                blobs.delete(key);
            } catch (BlobNotFoundException e) {
                return false; // another instance was first
            }
            deleted.increment();
            return true;
        }

        private void logged(int count, String passes) {
            if (count > 0) {
                log.info("deleted {} queued blobs under {}/ older than {} ({})", count, prefix, properties.retention(),
                        passes);
            }
        }
    }
}
