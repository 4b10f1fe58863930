package org.mailplatform.imap.changes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.mailplatform.imap.session.MailboxWatchers;
import org.mailplatform.model.MailboxChange;
import org.mailplatform.store.events.ChangeFeedConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's reader of {@code mailbox.changes} (ARCHITECTURE.md, "Read"): every change a mailbox
 * store makes anywhere reaches the sessions of its owner on this node through {@link MailboxWatchers}.
 *
 * <p>The reading itself (one consumer group per node and start, from the latest offset, nothing
 * committed, decoding, {@code invalid} events, reconnecting) is libs/mailbox-store's
 * {@link ChangeFeedConsumer}; this class routes what it reads. If Kafka is unreachable IDLE's
 * safety poll covers the gap.
 *
 * <p>A {@link MailboxChange.Kind#SESSIONS_REVOKED} event is not a mailbox change but an operator
 * ending the user's sessions (its mailbox id is empty): every session of the user on this node
 * says BYE and closes.
 */
public final class ChangeFeed implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);

    private final ChangeFeedConsumer consumer;
    private final MailboxWatchers watchers;
    private final Counter revokedSessions;

    public ChangeFeed(ChangeFeedSettings settings, MailboxWatchers watchers, MeterRegistry meters) {
        this.watchers = watchers;
        consumer = new ChangeFeedConsumer(
                new ChangeFeedConsumer.Settings(settings.bootstrapServers(), settings.topic(), settings.groupId()),
                "imap", "mail.imap.change.events", kind -> true, this::route, meters);
        revokedSessions = Counter.builder("mail.imap.sessions.revoked")
                .description("sessions on this node ended by a sessions-revoked event (an operator's kick)").register(meters);
        Gauge.builder("mail.imap.change.watched.users", watchers, MailboxWatchers::users)
                .description("users with a session on this node").register(meters);
    }

    public void start() {
        consumer.start();
    }

    /** True once the consumer owns its partitions and knows where "latest" is: later events will arrive. */
    public boolean ready() {
        return consumer.ready();
    }

    /**
     * A number that stays the same as long as this feed reads without a gap: it owns its partitions
     * and has polled within the last few seconds; {@code -1} when it does not. IDLE's safety poll
     * reads the store only when this changed since its last read, so ten thousand idle sessions do
     * not read the store every minute while no event can have been lost.
     */
    public long unbrokenSince() {
        return consumer.unbrokenSince();
    }

    /** Whether a session on this node was told. */
    private boolean route(MailboxChange change) {
        if (change.kind() == MailboxChange.Kind.SESSIONS_REVOKED) {
            return revoke(change);
        }
        return watchers.changed(change.tenantId(), change.userId(), change.mailboxId()) > 0;
    }

    private boolean revoke(MailboxChange change) {
        int sessions = watchers.revoked(change.tenantId(), change.userId());
        if (sessions == 0) {
            return false;
        }
        revokedSessions.increment(sessions);
        log.info("ended {} session(s) of user {} (tenant {}): sessions revoked at {}", sessions, change.userId(),
                change.tenantId(), change.at());
        return true;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
