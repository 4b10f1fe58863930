package org.mailplatform.mailbox.retention;

import java.time.Clock;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.mailplatform.store.MailboxException;
import org.mailplatform.store.MailboxStore;
import org.mailplatform.store.MessageRange;
import org.mailplatform.store.SearchCriteria;
import org.mailplatform.store.UidSet;
import org.mailplatform.store.mongo.StoreMaintenance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the retention rules through the mailbox store, so expunges are counted against quota and
 * announced to IMAP sessions like any other ({@code mail.retention.expunged{specialUse}}).
 */
public class RetentionJob {

    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

    private final MailboxStore store;
    private final StoreMaintenance maintenance;
    private final RetentionProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;

    public RetentionJob(MailboxStore store, StoreMaintenance maintenance, RetentionProperties properties, Clock clock,
                        MeterRegistry meters) {
        this.store = store;
        this.maintenance = maintenance;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
    }

    /** One pass; returns the number of messages expunged. */
    public int run() {
        int total = 0;
        for (RetentionProperties.Rule rule : properties.rules()) {
            Counter expunged = Counter.builder("mail.retention.expunged").tag("specialUse", rule.tag())
                    .register(meters);
            var cutoff = clock.instant().minus(rule.maxAge());
            var mailboxes = rule.specialUse() != null ? maintenance.mailboxesWithSpecialUse(rule.specialUse())
                    : maintenance.mailboxesNamed(rule.mailbox());
            for (StoreMaintenance.OwnedMailbox mailbox : mailboxes) {
                try {
                    var old = store.search(mailbox.owner(), mailbox.name(), new SearchCriteria.InternalDate(null, cutoff));
                    if (old.uids().isEmpty()) {
                        continue;
                    }
                    int n = store.remove(mailbox.owner(), mailbox.name(), MessageRange.uids(
                            UidSet.of(old.uids().stream().mapToLong(Long::longValue).toArray()))).size();
                    expunged.increment(n);
                    total += n;
                } catch (MailboxException e) {
                    log.warn("retention skipped {} of {}: {}", mailbox.name(), mailbox.owner().userId(), e.getMessage());
                }
            }
        }
        return total;
    }
}
