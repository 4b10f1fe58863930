package org.mailplatform.delivery.sweep;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.mailplatform.blob.BlobNotFoundException;
import org.mailplatform.blob.BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes queued message bodies older than the retention that no mailbox message refers to, like a
 * mail queue drops a queue file once its recipients are done: by then every recipient was delivered,
 * bounced or expired. Local delivery stores messages by reference to their queued body, so a body a
 * message still refers to is kept, and deleted by a later run once its last message is expunged.
 * Each month is walked page by page, and the references of a page's old blobs are asked in one
 * query, so a month of millions of keys costs the memory of one page. Several instances may sweep at
 * once: a delete is idempotent and a blob another instance deleted first is no error.
 */
public class QueueBlobSweeper {

    private static final Logger log = LoggerFactory.getLogger(QueueBlobSweeper.class);

    private final BlobStore blobs;
    private final QueueBlobProperties properties;
    private final Clock clock;
    private final Counter deleted;
    private final Counter kept;
    private final Timer sweeps;
    private final ReferencedBlobs references;

    /**
     * Which of some blob keys a mailbox message refers to, counting messages expunged after
     * {@code expungedSince} (mailbox-store's {@code StoreMaintenance.referencedBlobs}).
     */
    @FunctionalInterface
    public interface ReferencedBlobs {
        Set<String> of(Collection<String> blobKeys, Instant expungedSince);
    }

    /**
     * How long an expunged message still keeps its queued body: a COPY of it reads the blob key
     * before it inserts the copy, and must not find the body deleted in between.
     */
    static final Duration EXPUNGE_GRACE = Duration.ofHours(1);

    public QueueBlobSweeper(BlobStore blobs, ReferencedBlobs references, QueueBlobProperties properties, Clock clock,
                            MeterRegistry meters) {
        this.blobs = blobs;
        this.references = references;
        this.properties = properties;
        this.clock = clock;
        this.deleted = Counter.builder("mail.delivery.queue.blobs").tag("outcome", "deleted")
                .description("queued message bodies deleted after the retention").register(meters);
        this.kept = Counter.builder("mail.delivery.queue.blobs").tag("outcome", "referenced")
                .description("queued message bodies past the retention kept because a mailbox message refers to them")
                .register(meters);
        this.sweeps = Timer.builder("mail.delivery.queue.sweeps").description("runs of the queued blob sweeper")
                .register(meters);
    }

    /** One pass over every prefix; returns the number of blobs deleted. */
    public int run() {
        return sweeps.record(() -> {
            SweepWindow window = SweepWindow.at(clock.instant(), properties.retention(), properties.lookbackMonths());
            int count = 0;
            for (String prefix : properties.prefixes()) {
                for (YearMonth month : window.months()) {
                    count += sweep(SweepWindow.monthPrefix(prefix, month), window.cutoff().toEpochMilli());
                }
            }
            if (count > 0) {
                log.info("deleted {} queued blobs older than {} under {}", count, properties.retention(),
                        properties.prefixes());
            }
            return count;
        });
    }

    private int sweep(String monthPrefix, long cutoff) {
        int count = 0;
        List<BlobStore.BlobInfo> old = new ArrayList<>();
        try (Stream<BlobStore.BlobInfo> month = blobs.walk(monthPrefix, properties.pageSize())) {
            for (BlobStore.BlobInfo blob : (Iterable<BlobStore.BlobInfo>) month::iterator) {
                if (blob.lastModified() < cutoff) {
                    old.add(blob);
                }
                if (old.size() >= properties.pageSize()) {
                    count += deleteUnreferenced(old);
                    old.clear();
                }
            }
        }
        return count + deleteUnreferenced(old);
    }

    private int deleteUnreferenced(List<BlobStore.BlobInfo> old) {
        if (old.isEmpty()) {
            return 0;
        }
        Set<String> referenced = references.of(old.stream().map(b -> b.key().value()).toList(),
                clock.instant().minus(EXPUNGE_GRACE));
        int count = 0;
        for (BlobStore.BlobInfo blob : old) {
            if (referenced.contains(blob.key().value())) {
                kept.increment();
            } else if (delete(blob)) {
                count++;
            }
        }
        return count;
    }

    private boolean delete(BlobStore.BlobInfo blob) {
        try {
            blobs.delete(blob.key());
        } catch (BlobNotFoundException e) {
            return false; // another instance was first
        }
        deleted.increment();
        return true;
    }
}
