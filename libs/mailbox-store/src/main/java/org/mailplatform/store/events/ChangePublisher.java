package org.mailplatform.store.events;

import org.mailplatform.model.MailboxChange;

/** Where the store announces its changes (Kafka topic {@code mailbox.changes} in production). */
@FunctionalInterface
public interface ChangePublisher {

    /**
     * Publishes a change without blocking the caller for the broker's answer. A change event is a
     * notification: losing one delays an IDLE push, it never loses data.
     */
    void publish(MailboxChange change);
}
