package org.mailplatform.mailbox.gc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.mailplatform.blob.BlobStore;
import org.mailplatform.store.mongo.StoreMaintenance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists every key under every tenant's prefix, rarely, to find the blobs no release names: an
 * append that wrote its blob and died before its message document, or releases the store forgot
 * before a collector got to them (one stopped for longer than the expunges are kept). The listing
 * goes page by page to the end, so no key is out of reach however many a tenant has, and one page
 * is held at a time.
 */
final class FullWalk {

    static final String CHECKPOINT = "blob-gc.full-walk";
    private static final Logger log = LoggerFactory.getLogger(FullWalk.class);

    private final BlobStore blobs;
    private final StoreMaintenance maintenance;
    private final UnreferencedBlobs unreferenced;
    private final Duration every;
    private final Duration gracePeriod;
    private final int pageSize;
    private final Counter examined;

    FullWalk(BlobStore blobs, StoreMaintenance maintenance, UnreferencedBlobs unreferenced, GcProperties properties,
             MeterRegistry meters) {
        this.blobs = blobs;
        this.maintenance = maintenance;
        this.unreferenced = unreferenced;
        this.every = properties.fullWalkInterval();
        this.gracePeriod = properties.gracePeriod();
        this.pageSize = properties.batchSize();
        this.examined = Counter.builder("mail.gc.examined").tag("source", "walk")
                .description("blob keys the collector's full walk listed").register(meters);
    }

    /** Whether a walk is due at {@code now}: never walked, or the last walk began {@code every} ago. */
    boolean isDue(Instant now) {
        if (every.isZero()) {
            return false;
        }
        return maintenance.checkpoint(CHECKPOINT).map(last -> !now.isBefore(last.plus(every))).orElse(true);
    }

    /**
     * Walks every tenant. The checkpoint records when the walk began, and only once it is complete:
     * a walk that fails is started over by the next run.
     */
    UnreferencedBlobs.Outcome run(Instant start) {
        long began = System.nanoTime();
        Instant cutoff = start.minus(gracePeriod);
        List<String> tenants = maintenance.tenants();
        long[] seen = {0};
        UnreferencedBlobs.Outcome total = UnreferencedBlobs.Outcome.NONE;
        for (String tenant : tenants) {
            total = total.plus(walk(StoreMaintenance.blobPrefix(tenant) + "/", cutoff, seen));
        }
        maintenance.advanceCheckpoint(CHECKPOINT, start);
        log.info("blob garbage collection walked {} tenants: {} blobs listed, {} deleted, {} still referenced, in {} ms",
                tenants.size(), seen[0], total.deleted(), total.referenced(), (System.nanoTime() - began) / 1_000_000);
        return total;
    }

    private UnreferencedBlobs.Outcome walk(String prefix, Instant cutoff, long[] seen) {
        UnreferencedBlobs.Outcome total = UnreferencedBlobs.Outcome.NONE;
        List<String> old = new ArrayList<>(pageSize);
        try (Stream<BlobStore.BlobInfo> listed = blobs.walk(prefix, pageSize)) {
            for (BlobStore.BlobInfo blob : (Iterable<BlobStore.BlobInfo>) listed::iterator) {
                examined.increment();
                seen[0]++;
                // younger blobs may belong to an append still writing its message document
                if (blob.lastModified() <= cutoff.toEpochMilli()) {
                    old.add(blob.key().value());
                }
                if (old.size() >= pageSize) {
                    total = total.plus(unreferenced.deleteFrom(old, cutoff));
                    old.clear();
                }
            }
        }
        return old.isEmpty() ? total : total.plus(unreferenced.deleteFrom(old, cutoff));
    }
}
