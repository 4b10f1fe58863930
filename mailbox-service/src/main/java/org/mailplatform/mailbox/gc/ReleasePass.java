package org.mailplatform.mailbox.gc;

import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.mailplatform.store.mongo.StoreMaintenance;

/**
 * Collects the blobs that messages stopped referring to since the last pass: those of messages
 * expunged, and of mailboxes and users deleted, as the store remembers them. It reads MongoDB only,
 * never lists S3, so it costs what was released, not what is stored.
 */
final class ReleasePass {

    static final String CHECKPOINT = "blob-gc.released";
    /**
     * How far before the last checkpoint a pass looks again: {@code expungedAt} is stamped by the
     * clock of whichever node expunged, and a node whose clock lags could stamp a release behind a
     * checkpoint another node already recorded. Keys seen twice cost a reference query, nothing more.
     */
    static final Duration OVERLAP = Duration.ofHours(1);

    private final StoreMaintenance maintenance;
    private final UnreferencedBlobs unreferenced;
    private final int pageSize;
    private final Counter examined;

    ReleasePass(StoreMaintenance maintenance, UnreferencedBlobs unreferenced, int pageSize, MeterRegistry meters) {
        this.maintenance = maintenance;
        this.unreferenced = unreferenced;
        this.pageSize = pageSize;
        this.examined = Counter.builder("mail.gc.examined").tag("source", "released")
                .description("released blob keys the collector looked at").register(meters);
    }

    /**
     * Collects what was released before {@code to} (now minus the grace period) since the last
     * pass. The checkpoint moves only once every page is done, so a pass that fails is redone whole
     * by the next run.
     */
    UnreferencedBlobs.Outcome run(Instant to) {
        Instant from = maintenance.checkpoint(CHECKPOINT).map(at -> at.minus(OVERLAP)).orElse(null);
        UnreferencedBlobs.Outcome[] total = {UnreferencedBlobs.Outcome.NONE};
        maintenance.forEachReleasedPage(from, to, pageSize, page -> {
            examined.increment(page.size());
            total[0] = total[0].plus(unreferenced.deleteFrom(page, to));
        });
        maintenance.advanceCheckpoint(CHECKPOINT, to);
        return total[0];
    }
}
