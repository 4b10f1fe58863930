package org.mailplatform.delivery.local;

import io.micrometer.core.instrument.MeterRegistry;
import org.mailplatform.delivery.queue.LocalDelivery;
import org.mailplatform.delivery.queue.VerdictFields;
import org.mailplatform.store.AppendResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What local delivery counts of its outcomes: {@code mail.delivery.local{outcome}} (delivered,
 * duplicate, deferred, bounced) and {@code mail.delivery.local.junk{mailbox}} (junk stored in the Junk
 * mailbox, or in the INBOX for want of one).
 */
final class LocalMetrics {

    private static final Logger log = LoggerFactory.getLogger(LocalMetrics.class);

    private final MeterRegistry meters;

    LocalMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    /** A delivery stored in {@code mailbox} (or found stored already: a duplicate), counted and logged. */
    void delivered(LocalDelivery d, String mailbox, AppendResult stored) {
        count(stored.duplicate() ? "duplicate" : "delivered");
        if (VerdictFields.junk(d.message()) && !stored.duplicate()) {
            meters.counter("mail.delivery.local.junk", "mailbox", MailboxAppender.INBOX.equals(mailbox) ? "inbox" : "junk")
                    .increment();
        }
        log.debug("{} delivered to {} {} as UID {}{}", d.message().id(), d.principal().userId(), mailbox,
                stored.uid(), stored.duplicate() ? " (already stored)" : "");
    }

    /** Counts one outcome of {@code mail.delivery.local}. */
    void count(String outcome) {
        meters.counter("mail.delivery.local", "outcome", outcome).increment();
    }
}
