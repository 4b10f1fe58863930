package org.mailplatform.mailbox.gc;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.mailplatform.blob.BlobKey;
import org.mailplatform.blob.BlobNotFoundException;
import org.mailplatform.blob.BlobStore;
import org.mailplatform.store.mongo.StoreMaintenance;

/**
 * The step both passes share: of one page of candidate keys, delete those no message refers to.
 * Keys under a queue prefix are dropped first: delivery-service's sweeper owns them, and deletes
 * them only after the queue's retention, which this collector knows nothing of.
 */
final class UnreferencedBlobs {

    /** What one page came to. */
    record Outcome(int deleted, int referenced) {
        static final Outcome NONE = new Outcome(0, 0);

        Outcome plus(Outcome other) {
            return new Outcome(deleted + other.deleted, referenced + other.referenced);
        }
    }

    private final BlobStore blobs;
    private final StoreMaintenance maintenance;
    private final List<String> queuePrefixes;
    private final Counter deleted;
    private final Counter kept;

    UnreferencedBlobs(BlobStore blobs, StoreMaintenance maintenance, List<String> queuePrefixes, MeterRegistry meters) {
        this.blobs = blobs;
        this.maintenance = maintenance;
        this.queuePrefixes = queuePrefixes.stream().map(p -> p + "/").toList();
        this.deleted = Counter.builder("mail.gc.blobs").tag("outcome", "deleted")
                .description("message blobs deleted because no message refers to them").register(meters);
        this.kept = Counter.builder("mail.gc.blobs").tag("outcome", "referenced")
                .description("candidate message blobs kept because a message still refers to them").register(meters);
    }

    /**
     * Deletes the keys of {@code page} that no message refers to, counting messages expunged after
     * {@code expungedSince} as references: a COPY reads its source's blob key before it inserts the
     * copy, and the source's expunge in between must not let the blob go.
     */
    Outcome deleteFrom(List<String> page, Instant expungedSince) {
        List<String> candidates = page.stream().filter(key -> !isQueued(key)).toList();
        if (candidates.isEmpty()) {
            return Outcome.NONE;
        }
        // one query for the whole page, not one per key
        Set<String> referenced = maintenance.referencedBlobs(candidates, expungedSince);
        List<String> unreferenced = candidates.stream().filter(key -> !referenced.contains(key)).toList();
        // the copies of small bodies in the shared body cache (ADR 0211) go with their blobs, not only
        // when their ttl ends, and before them: a delete that fails part-way through the page then
        // leaves blobs without copies, never a copy of a deleted blob, which no later run would find
        // (a walk lists only the blobs that are left)
        maintenance.forgetCachedBodies(unreferenced);
        int count = 0;
        for (String key : unreferenced) {
            if (delete(key)) {
                count++;
            }
        }
        kept.increment(referenced.size());
        deleted.increment(count);
        return new Outcome(count, referenced.size());
    }

    private boolean isQueued(String key) {
        return queuePrefixes.stream().anyMatch(key::startsWith);
    }

    private boolean delete(String key) {
        try {
            blobs.delete(new BlobKey(key));
            return true;
        } catch (BlobNotFoundException e) {
            return false; // another instance was first
        }
    }
}
