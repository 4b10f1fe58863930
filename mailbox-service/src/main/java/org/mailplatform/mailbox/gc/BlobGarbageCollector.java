package org.mailplatform.mailbox.gc;

import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.mailplatform.blob.BlobStore;
import org.mailplatform.store.mongo.StoreMaintenance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes message blobs that no message refers to any more (all their copies expunged or their
 * mailbox deleted) and that are older than the grace period. Keys are
 * {@code <tenant>/<yyyy>/<mm>/<uuid>}: each run walks every tenant's recent months; a month with more
 * keys than one listing returns is walked again by the first hex digit of the UUID, so a listing
 * limit never hides keys for good.
 */
public class BlobGarbageCollector {

    private static final Logger log = LoggerFactory.getLogger(BlobGarbageCollector.class);
    private static final String HEX = "0123456789abcdef";

    private final BlobStore blobs;
    private final StoreMaintenance maintenance;
    private final GcProperties properties;
    private final Clock clock;
    private final Counter deleted;
    private final Counter kept;
    private final Timer runs;

    public BlobGarbageCollector(BlobStore blobs, StoreMaintenance maintenance, GcProperties properties, Clock clock,
                                MeterRegistry meters) {
        this.blobs = blobs;
        this.maintenance = maintenance;
        this.properties = properties;
        this.clock = clock;
        this.deleted = Counter.builder("mail.gc.blobs").tag("outcome", "deleted").register(meters);
        this.kept = Counter.builder("mail.gc.blobs").tag("outcome", "referenced").register(meters);
        this.runs = Timer.builder("mail.gc.runs").register(meters);
    }

    private int collect(List<BlobStore.BlobInfo> listed, long cutoff) {
        List<BlobStore.BlobInfo> old = listed.stream().filter(blob -> blob.lastModified() <= cutoff).toList();
        // one reference query for the whole page, not one per blob
        // a message expunged within the grace period still keeps its blob: a COPY of it may be in flight
        java.util.Set<String> referenced = maintenance.referencedBlobs(old.stream().map(b -> b.key().value()).toList(),
                java.time.Instant.ofEpochMilli(cutoff));
        int count = 0;
        for (BlobStore.BlobInfo blob : old) {
            if (referenced.contains(blob.key().value())) {
                kept.increment();
            } else {
                blobs.delete(blob.key());
                deleted.increment();
                count++;
            }
        }
        return count;
    }

    /** One pass; returns the number of blobs deleted. */
    public int run() {
        return runs.record(() -> {
            int count = 0;
            long cutoff = clock.millis() - properties.gracePeriod().toMillis();
            YearMonth now = YearMonth.now(clock.withZone(ZoneOffset.UTC));
            for (String tenant : maintenance.tenants()) {
                String prefix = StoreMaintenance.blobPrefix(tenant);
                for (int back = 0; back <= properties.lookbackMonths(); back++) {
                    YearMonth month = now.minusMonths(back);
                    String monthPrefix = "%s/%04d/%02d/".formatted(prefix, month.getYear(), month.getMonthValue());
                    List<BlobStore.BlobInfo> listed = blobs.list(monthPrefix, properties.batchSize());
                    if (listed.size() < properties.batchSize()) {
                        count += collect(listed, cutoff);
                        continue;
                    }
                    for (char shard : HEX.toCharArray()) {
                        count += collect(blobs.list(monthPrefix + shard, properties.batchSize()), cutoff);
                    }
                }
            }
            if (count > 0) {
                log.info("blob garbage collection deleted {} unreferenced blobs", count);
            }
            return count;
        });
    }
}
