package org.mailplatform.store.events;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.mailplatform.model.MailboxChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A node's reader of {@code mailbox.changes}, the reading side of {@link KafkaChangePublisher}:
 * decodes every event into a {@link MailboxChange} and hands the valid ones of the kinds asked for
 * to a listener, on the consumer's own thread. Protocol services (IMAP, POP3) each run one per node.
 *
 * <p>Every node must see every event, so each node is its own consumer group (a name unique to the
 * node and this start, {@link Settings#groupId}) and starts from the latest offset: an event is a
 * wake-up call, not data, and what happened before the start is read from the store. Nothing is
 * committed. If Kafka is unreachable the consumer keeps trying on its own thread and the service
 * keeps serving.
 *
 * <p>An event is {@code invalid} when it cannot be decoded, has no tenant or user, or has no mailbox
 * id while its kind is not {@link MailboxChange.Kind#SESSIONS_REVOKED} (the one kind without a
 * mailbox). Events of kinds the listener did not ask for are dropped uncounted. The listener answers
 * whether a session on this node was told ({@code delivered}) or not ({@code no-session}). Counted
 * in {@code mail.<name>.change.events{outcome}} (the name the caller gives); the thread is {@code <name>-change-feed}.
 */
public final class ChangeFeedConsumer implements AutoCloseable {

    /**
     * Where the consumer reads.
     *
     * @param bootstrapServers Kafka
     * @param topic            normally {@code mailbox.changes}
     * @param groupId          unique to this node and start, so every node sees every event
     */
    public record Settings(String bootstrapServers, String topic, String groupId) {
    }

    private static final Logger log = LoggerFactory.getLogger(ChangeFeedConsumer.class);
    /** Polls wait at most a second; a consumer that has not polled for this long is not reading. */
    private static final Duration POLL_GAP = Duration.ofSeconds(10);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final Predicate<MailboxChange.Kind> wanted;
    private final Predicate<MailboxChange> listener;
    private final JsonMapper json = JsonMapper.builder().findAndAddModules()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    private final Counter delivered;
    private final Counter unwatched;
    private final Counter invalid;
    private final Thread thread;
    private volatile boolean assigned;
    /** Changes whenever the consumer gains or loses its partitions: events may have been missed then. */
    private volatile long generation;
    private volatile long lastPollNanos;
    private volatile boolean closed;

    /**
     * @param settings where to read
     * @param name     the service's short name ({@code imap}, {@code pop3}): thread {@code <name>-change-feed}
     * @param metric   the counter's name, {@code mail.<name>.change.events} (given whole, as a literal at the
     *                 caller, so the metrics reference can find where each documented metric is registered)
     * @param wanted   the kinds the listener wants (it may be asked about {@code null}, an event without
     *                 a kind); events of other kinds are dropped uncounted
     * @param listener gets each valid change of those kinds on the consumer's thread, must not block; answers
     *                 whether a session on this node was told
     * @param meters   where the counters go
     */
    public ChangeFeedConsumer(Settings settings, String name, String metric, Predicate<MailboxChange.Kind> wanted,
                              Predicate<MailboxChange> listener, MeterRegistry meters) {
        this.topic = settings.topic();
        this.wanted = wanted;
        this.listener = listener;
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.groupId());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        delivered = Counter.builder(metric).tag("outcome", "delivered")
                .description("mailbox.changes events read, by whether a session on this node was told").register(meters);
        unwatched = Counter.builder(metric).tag("outcome", "no-session").register(meters);
        invalid = Counter.builder(metric).tag("outcome", "invalid").register(meters);
        thread = Thread.ofPlatform().name(name + "-change-feed").daemon().unstarted(this::run);
    }

    public void start() {
        thread.start();
    }

    /** True once the consumer owns its partitions and knows where "latest" is: later events will arrive. */
    public boolean ready() {
        return assigned;
    }

    /**
     * A number that stays the same as long as this consumer reads without a gap: it owns its
     * partitions and has polled within the last few seconds; {@code -1} when it does not. A reader
     * that falls back to polling the store need do so only when this changed since its last read.
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
            log.error("change feed {} stopped", thread.getName(), e);
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
        if (!wanted.test(change.kind())) {
            return;
        }
        if (change.kind() != MailboxChange.Kind.SESSIONS_REVOKED
                && (change.mailboxId() == null || change.mailboxId().isEmpty())) {
            invalid.increment();
            return;
        }
        boolean told;
        try {
            told = listener.test(change);
        } catch (RuntimeException e) {
            // one event the listener could not handle must not stop the feed for the node
            log.warn("mailbox change {} of user {} not handled: {}", change.kind(), change.userId(), e.toString(), e);
            return;
        }
        (told ? delivered : unwatched).increment();
    }

    /** Stops reading: wakes the consumer and waits (at most ten seconds) for its thread to close it. */
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
