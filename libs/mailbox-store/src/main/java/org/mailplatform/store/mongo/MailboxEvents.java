package org.mailplatform.store.mongo;

import java.time.Instant;
import java.util.List;

import org.mailplatform.model.MailboxChange;
import org.mailplatform.store.events.ChangePublisher;

/** Turns a change to one mailbox into a {@link MailboxChange} and hands it to the publisher. */
final class MailboxEvents {

    private final ChangePublisher changes;

    MailboxEvents(ChangePublisher changes) {
        this.changes = changes;
    }

    void publish(MailboxDocument m, MailboxChange.Kind kind, List<Long> uids, long modSeq) {
        changes.publish(new MailboxChange(m.tenantId(), m.userId(), m.id(), m.name(), kind, uids, modSeq,
                m.uidValidity(), Instant.now()));
    }
}
