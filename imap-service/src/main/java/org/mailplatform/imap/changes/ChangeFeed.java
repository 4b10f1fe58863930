package org.mailplatform.imap.changes;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.mailplatform.imap.session.MailboxWatchers;
import org.mailplatform.model.MailboxChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * This node's reader of {@code mailbox.changes} (ARCHITECTURE.md, "Read"): every change a mailbox
 * store makes anywhere reaches the sessions of its owner on this node through {@link MailboxWatchers}.
 *
 * <p>Every node must see every event, so each node is its own consumer group (a name unique to the
 * node and this start) and starts from the latest offset: an event is a wake-up call, not data, and
 * what happened before the start is read from the store by SELECT. Nothing is committed. If Kafka is
 * unreachable the consumer keeps trying on its own thread and the server keeps serving; IDLE's
 * safety poll covers the gap.
 *
 * <p>A {@link MailboxChange.Kind#SESSIONS_REVOKED} event is not a mailbox change but an operator
 * ending the user's sessions (its mailbox id is empty): every session of the user on this node
 * says BYE and closes.
 */
public final class ChangeFeed implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);
    /** Polls wait at most a second; a consumer that has not polled for this long is not reading. */
    private static final Duration POLL_GAP = Duration.ofSeconds(10);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final MailboxWatchers watchers;
    private final JsonMapper json = JsonMapper.builder().findAndAddModules()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private final Counter delivered;
    private final Counter unwatched;
    private final Counter invalid;
    private final Counter revokedSessions;
    private final Thread thread;
    private volatile boolean assigned;
    /** Changes whenever the consumer gains or loses its partitions: events may have been missed then. */
    private volatile long generation;
    private volatile long lastPollNanos;
    private volatile boolean closed;

    public ChangeFeed(ChangeFeedSettings settings, MailboxWatchers watchers, MeterRegistry meters) {
        this.topic = settings.topic();
        this.watchers = watchers;
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.groupId());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        delivered = Counter.builder("mail.imap.change.events").tag("outcome", "delivered")
                .description("mailbox.changes events read, by whether a session on this node was told").register(meters);
        unwatched = Counter.builder("mail.imap.change.events").tag("outcome", "no-session").register(meters);
        invalid = Counter.builder("mail.imap.change.events").tag("outcome", "invalid").register(meters);
        revokedSessions = Counter.builder("mail.imap.sessions.revoked")
                .description("sessions on this node ended by a sessions-revoked event (an operator's kick)").register(meters);
        Gauge.builder("mail.imap.change.watched.users", watchers, MailboxWatchers::users)
                .description("users with a session on this node").register(meters);
        thread = Thread.ofPlatform().name("imap-change-feed").daemon().unstarted(this::run);
    }

    public void start() {
        thread.start();
    }

    /** True once the consumer owns its partitions and knows where "latest" is: later events will arrive. */
    public boolean ready() {
        return assigned;
    }

    /**
     * A number that stays the same as long as this feed reads without a gap: it owns its partitions
     * and has polled within the last few seconds; {@code -1} when it does not. IDLE's safety poll
     * reads the store only when this changed since its last read, so ten thousand idle sessions do
     * not read the store every minute while no event can have been lost.
     */
    public long unbrokenSince() {
        boolean polling = System.nanoTime() - lastPollNanos < POLL_GAP.toNanos();
        return assigned && polling ? generation : -1;
    }

    private void run() {
        try {
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    // start from the end whatever the group remembers; position() pins "the end" now
                    consumer.seekToEnd(partitions);
                    partitions.forEach(consumer::position);
                    generation++;
                    assigned = true;
                    log.info("reading {} from the latest offset ({} partitions)", topic, partitions.size());
                }

                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    // nothing is committed: there is no progress to save; until the next assignment
                    // events may pass unseen
                    assigned = false;
                    generation++;
                }
            });
            while (!closed) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofSeconds(1))) {
                    dispatch(r.value());
                }
                lastPollNanos = System.nanoTime();
            }
        } catch (WakeupException e) {
            if (!closed) {
                throw e;
            }
        } catch (RuntimeException e) {
            log.error("change feed stopped: sessions fall back to polling", e);
        } finally {
            assigned = false;
            generation++;
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void dispatch(byte[] value) {
        MailboxChange change;
        try {
            change = json.readValue(value, MailboxChange.class);
        } catch (RuntimeException e) {
            invalid.increment();
            log.debug("unreadable mailbox change event: {}", e.toString());
            return;
        }
        if (change.tenantId() == null || change.userId() == null) {
            invalid.increment();
            return;
        }
        if (change.kind() == MailboxChange.Kind.SESSIONS_REVOKED) {
            revoke(change);
            return;
        }
        if (change.mailboxId() == null || change.mailboxId().isEmpty()) {
            invalid.increment();
            return;
        }
        (watchers.changed(change.tenantId(), change.userId(), change.mailboxId()) > 0 ? delivered : unwatched)
                .increment();
    }

    private void revoke(MailboxChange change) {
        int sessions = watchers.revoked(change.tenantId(), change.userId());
        if (sessions == 0) {
            unwatched.increment();
            return;
        }
        delivered.increment();
        revokedSessions.increment(sessions);
        log.info("ended {} session(s) of user {} (tenant {}): sessions revoked at {}", sessions, change.userId(),
                change.tenantId(), change.at());
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
