package org.mailplatform.mailbox.gc;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.mailplatform.blob.BlobStore;
import org.mailplatform.blob.ResumableWalk;
import org.mailplatform.store.mongo.StoreMaintenance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists every key under every tenant's prefix, rarely, to find the blobs no release names: an
 * append that wrote its blob and died before its message document, or releases the store forgot
 * before a collector got to them (one stopped for longer than the expunges are kept). The listing
 * goes page by page to the end, so no key is out of reach however many a tenant has, and one page
 * is held at a time. After each page it records where it got to, so a walk that a restart, a
 * failure or the {@code full-walk-pages-per-run} budget stopped is continued by the next run
 * instead of started over: on a bucket of billions of keys one walk may take many runs.
 */
final class FullWalk {

    static final String CHECKPOINT = "blob-gc.full-walk";
    private static final Logger log = LoggerFactory.getLogger(FullWalk.class);

    private final StoreMaintenance maintenance;
    private final UnreferencedBlobs unreferenced;
    private final ResumableWalk walk;
    private final Duration every;
    private final Duration gracePeriod;
    private final Counter examined;
    private final Counter pages;

    FullWalk(BlobStore blobs, StoreMaintenance maintenance, UnreferencedBlobs unreferenced, GcProperties properties,
             MeterRegistry meters) {
        this.maintenance = maintenance;
        this.unreferenced = unreferenced;
        this.walk = new ResumableWalk(blobs, properties.batchSize(), properties.fullWalkPagesPerRun());
        this.every = properties.fullWalkInterval();
        this.gracePeriod = properties.gracePeriod();
        this.examined = Counter.builder("mail.gc.examined").tag("source", "walk")
                .description("blob keys the collector's full walk listed").register(meters);
        this.pages = Counter.builder("mail.gc.walk.pages")
                .description("pages of blob keys the collector's full walk listed").register(meters);
    }

    /**
     * Runs the walk if one is under way (whether or not another would be due) or due: never walked,
     * or the last walk began {@code every} ago.
     */
    UnreferencedBlobs.Outcome runIfDue(Instant now) {
        if (every.isZero()) {
            return UnreferencedBlobs.Outcome.NONE;
        }
        Optional<StoreMaintenance.WalkPosition> position = maintenance.position(CHECKPOINT);
        boolean due = maintenance.checkpoint(CHECKPOINT).map(last -> !now.isBefore(last.plus(every))).orElse(true);
        if (position.isEmpty() && !due) {
            return UnreferencedBlobs.Outcome.NONE;
        }
        return run(now, position.map(StoreMaintenance.WalkPosition::started).orElse(now));
    }

    /**
     * Walks the tenants from the position on, at most the budget of pages. Blobs are judged by this
     * run's time whenever the walk began. The checkpoint records when the walk began, and only once
     * it reached the end.
     */
    private UnreferencedBlobs.Outcome run(Instant now, Instant started) {
        long began = System.nanoTime();
        Instant cutoff = now.minus(gracePeriod);
        List<String> prefixes = maintenance.tenants().stream().map(t -> StoreMaintenance.blobPrefix(t) + "/").toList();
        UnreferencedBlobs.Outcome[] total = {UnreferencedBlobs.Outcome.NONE};
        long[] seen = {0};
        ResumableWalk.Run run = walk.run(prefixes, maintenance.walkPosition(CHECKPOINT, started), page -> {
            examined.increment(page.size());
            pages.increment();
            seen[0] += page.size();
            // younger blobs may belong to an append still writing its message document
            List<String> old = page.stream().filter(blob -> blob.lastModified() <= cutoff.toEpochMilli())
                    .map(blob -> blob.key().value()).toList();
            total[0] = total[0].plus(unreferenced.deleteFrom(old, cutoff));
        });
        if (run.finished()) {
            maintenance.finishWalk(CHECKPOINT, started);
        }
        log.info("blob garbage collection walk begun {} {}: {} pages, {} blobs listed, {} deleted, {} still referenced,"
                        + " in {} ms", started, run.finished() ? "finished" : "goes on next run", run.pages(), seen[0],
                total[0].deleted(), total[0].referenced(), (System.nanoTime() - began) / 1_000_000);
        return total[0];
    }
}
