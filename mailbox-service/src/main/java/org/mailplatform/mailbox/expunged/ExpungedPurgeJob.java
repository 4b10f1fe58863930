package org.mailplatform.mailbox.expunged;

import java.time.Clock;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.mailplatform.store.mongo.StoreMaintenance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forgets expunged messages older than {@link ExpungedProperties#keep()}: without it every message a
 * user ever deleted would keep a document, and a mailbox that receives and deletes mail all day would
 * grow without end. The store marks, then deletes one run later ({@link StoreMaintenance#purgeExpunged}).
 */
public class ExpungedPurgeJob {

    private static final Logger log = LoggerFactory.getLogger(ExpungedPurgeJob.class);

    private final StoreMaintenance maintenance;
    private final ExpungedProperties properties;
    private final Clock clock;
    private final Counter messages;
    private final Counter tombstones;
    private final Timer runs;

    public ExpungedPurgeJob(StoreMaintenance maintenance, ExpungedProperties properties, Clock clock,
                            MeterRegistry meters) {
        this.maintenance = maintenance;
        this.properties = properties;
        this.clock = clock;
        this.messages = Counter.builder("mail.expunged.forgotten").tag("kind", "message")
                .description("expunged messages' documents deleted after mail.mailbox.expunged.keep").register(meters);
        this.tombstones = Counter.builder("mail.expunged.forgotten").tag("kind", "tombstone")
                .description("UIDs appenders gave up, deleted after mail.mailbox.expunged.keep").register(meters);
        this.runs = Timer.builder("mail.expunged.runs").register(meters);
    }

    /** One pass; returns what the store did. */
    public StoreMaintenance.PurgedExpunges run() {
        return runs.record(() -> {
            StoreMaintenance.PurgedExpunges done = maintenance.purgeExpunged(clock.instant().minus(properties.keep()));
            messages.increment(done.deleted());
            tombstones.increment(done.tombstonesDeleted());
            if (done.deleted() + done.tombstonesDeleted() + done.mailboxesMarked() > 0) {
                log.info("expunges older than {}: {} documents and {} tombstones deleted, {} mailboxes marked",
                        properties.keep(), done.deleted(), done.tombstonesDeleted(), done.mailboxesMarked());
            }
            return done;
        });
    }
}
