package org.mailplatform.mailbox.gc;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.mailplatform.blob.BlobStore;
import org.mailplatform.store.mongo.StoreMaintenance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes message blobs that no message refers to any more (all their copies expunged, their
 * mailbox or user deleted) once past the grace period (ADR 0209). Each run collects what was
 * released since the last one ({@link ReleasePass}, MongoDB only); when the last full walk began
 * {@code full-walk-interval} ago, the run also lists every tenant's blobs whole ({@link FullWalk})
 * for orphans no release names, or goes on with a walk an earlier run began. Several instances may run at once: their checkpoints are shared
 * and only move forward, and deleting a blob another instance deleted first is no error.
 */
public class BlobGarbageCollector {

    private static final Logger log = LoggerFactory.getLogger(BlobGarbageCollector.class);

    private final GcProperties properties;
    private final Clock clock;
    private final ReleasePass releases;
    private final FullWalk walk;
    private final Timer runs;

    public BlobGarbageCollector(BlobStore blobs, StoreMaintenance maintenance, GcProperties properties, Clock clock,
                                MeterRegistry meters) {
        this.properties = properties;
        this.clock = clock;
        UnreferencedBlobs unreferenced = new UnreferencedBlobs(blobs, maintenance, properties.queuePrefixes(), meters);
        this.releases = new ReleasePass(maintenance, unreferenced, properties.batchSize(), meters);
        this.walk = new FullWalk(blobs, maintenance, unreferenced, properties, meters);
        this.runs = Timer.builder("mail.gc.runs").description("runs of the blob garbage collector").register(meters);
    }

    /** One run: the release pass, then the full walk if one is under way or due; returns the number of blobs deleted. */
    public int run() {
        return runs.record(() -> {
            int released = releases.run(clock.instant().minus(properties.gracePeriod())).deleted();
            if (released > 0) {
                log.info("blob garbage collection deleted {} released blobs", released);
            }
            return released + walk.runIfDue(clock.instant()).deleted();
        });
    }
}
