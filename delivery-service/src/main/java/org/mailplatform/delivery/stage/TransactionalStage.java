package org.mailplatform.delivery.stage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.mailplatform.delivery.dlq.DeadLetters;
import org.mailplatform.observability.tracing.KafkaObservations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;

/**
 * One consume-transform-produce loop with Kafka transactions (exactly-once between Kafka topics):
 * it polls a batch, asks the {@link RecordHandler} for each record's output, then writes all
 * output, dead letters and the batch's input offsets in one transaction. A crash before the commit
 * aborts everything (the restarted producer with the same transactional id fences the old one),
 * so every input record is either fully processed once or not at all.
 *
 * <p>When a handler reports {@link Outcome.Pause} (a backend is down), the records before it are
 * committed, the consumer seeks back to it and waits with exponential back-off: nothing after an
 * unprocessed record is ever committed, nothing is skipped. Any Kafka failure closes the clients
 * and starts over from the committed offsets.
 *
 * <p>Metrics: {@code mail.delivery.records{stage,outcome}} with outcome {@code done},
 * {@code dead-letter} or {@code paused}, and the Kafka client metrics tagged with the stage.
 *
 * <p>Tracing: each record is processed within a {@link KafkaObservations#processing} observation
 * that continues the trace its headers carry, and every record the handler returns gets that
 * trace in its own headers (dead letters keep the input's headers), so a message's trace runs
 * through all stages. The handler runs with the observation in scope: what it logs carries the
 * trace id, and observations it opens are children of it.
 */
public final class TransactionalStage implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TransactionalStage.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private final StageSettings settings;
    private final RecordHandler handler;
    private final MeterRegistry meters;
    private final Counter done;
    private final Counter deadLettered;
    private final Counter paused;
    private final Backoff backoff;
    private final RecordProcessor processor;
    private volatile boolean running;
    private volatile Thread thread;
    private volatile StageClients clients;
    // released by stop(): back-off waits end at once, without interrupting the thread, because an
    // interrupt would also break the Kafka clients' orderly close (offsets, transaction, group leave)
    private volatile CountDownLatch stopSignal = new CountDownLatch(0);

    /**
     * @param temporary which exceptions mean "a backend is down, try again later" (never dead-lettered)
     */
    public TransactionalStage(StageSettings settings, RecordHandler handler, Predicate<Throwable> temporary,
                              MeterRegistry meters) {
        this.settings = settings;
        this.handler = handler;
        this.processor = new RecordProcessor(settings, handler, temporary);
        this.meters = meters;
        this.done = counter("done");
        this.deadLettered = counter("dead-letter");
        this.paused = counter("paused");
        this.backoff = new Backoff(settings.backoffInitial(), settings.backoffMax());
    }

    private Counter counter(String outcome) {
        return Counter.builder("mail.delivery.records").tag("stage", settings.name()).tag("outcome", outcome)
                .description("records processed by a delivery stage").register(meters);
    }

    public String name() {
        return settings.name();
    }

    /** What the stage was built with (topic, group, batch size, back-off). */
    public StageSettings settings() {
        return settings;
    }

    /**
     * The registry to observe records with; Spring sets it on the stage beans. A setter rather than
     * a constructor argument so stages built by hand (tests, tools) need not care about tracing.
     */
    @Autowired(required = false)
    public void setObservations(ObservationRegistry registry) {
        processor.observeWith(new KafkaObservations(registry));
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        stopSignal = new CountDownLatch(1);
        thread = Thread.ofPlatform().name("delivery-" + settings.name()).start(this::run);
    }

    @Override
    public void stop() {
        running = false;
        stopSignal.countDown();
        StageClients current = clients;
        if (current != null) {
            current.consumer.wakeup();
        }
        Thread t = thread;
        if (t != null) {
            try {
                // the batch in hand finishes and commits; only a handler stuck in a remote call is interrupted
                if (!t.join(STOP_GRACE)) {
                    log.warn("stage {} did not stop within {}; interrupting it", settings.name(), STOP_GRACE);
                    t.interrupt();
                    t.join(STOP_GRACE);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running && thread != null && thread.isAlive();
    }

    private void run() {
        while (running) {
            try (StageClients c = new StageClients(settings, meters)) {
                clients = c;
                loop(c);
            } catch (WakeupException | InterruptedException stopping) {
                if (running) {
                    log.warn("stage {} interrupted while running; restarting", settings.name());
                }
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("stage {}: Kafka failed ({}); starting over from the committed offsets", settings.name(),
                        e.toString());
                if (!sleep(backoff.next())) {
                    return;
                }
            } finally {
                clients = null;
            }
        }
    }

    private void loop(StageClients c) throws InterruptedException {
        while (running) {
            ConsumerRecords<String, byte[]> batch = c.consumer.poll(Duration.ofMillis(500));
            if (batch.isEmpty()) {
                continue;
            }
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            batch.forEach(records::add);
            List<Outcome> outcomes = processor.process(records);
            int processed = outcomes.size();
            for (int i = 0; i < outcomes.size(); i++) {
                if (outcomes.get(i) instanceof Outcome.Pause) {
                    processed = i;
                    break;
                }
            }
            commit(c, records.subList(0, processed), outcomes.subList(0, processed));
            if (processed < records.size()) {
                Outcome.Pause pause = (Outcome.Pause) outcomes.get(processed);
                rewind(c, records.subList(processed, records.size()));
                paused.increment();
                Duration wait = backoff.next();
                log.warn("stage {}: {} at {}-{}@{}; retrying in {}", settings.name(), pause.reason(),
                        records.get(processed).topic(), records.get(processed).partition(),
                        records.get(processed).offset(), wait);
                sleepOrThrow(wait);
            } else {
                backoff.reset();
                Duration wait = handler.waitAfterBatch();
                if (!wait.isZero() && !wait.isNegative()) {
                    sleepOrThrow(wait);
                }
            }
        }
    }

    private void commit(StageClients c, List<ConsumerRecord<String, byte[]>> records, List<Outcome> outcomes) {
        if (records.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new LinkedHashMap<>();
        c.producer.beginTransaction();
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, byte[]> r = records.get(i);
            switch (outcomes.get(i)) {
                case Outcome.Done d -> {
                    d.output().forEach(c.producer::send);
                    done.increment();
                }
                case Outcome.DeadLetter dl -> {
                    c.producer.send(DeadLetters.record(settings.dlqTopic(), settings.name(), r, dl.reason()));
                    deadLettered.increment();
                }
                case Outcome.Pause p -> throw new IllegalStateException("paused records are never committed");
            }
            offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
        }
        c.producer.sendOffsetsToTransaction(offsets, c.consumer.groupMetadata());
        c.producer.commitTransaction();
    }

    /** Seeks every partition of the unprocessed records back to its first unprocessed offset. */
    private static void rewind(StageClients c, List<ConsumerRecord<String, byte[]>> unprocessed) {
        Map<TopicPartition, Long> first = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : unprocessed) {
            first.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::min);
        }
        first.forEach(c.consumer::seek);
    }

    private void sleepOrThrow(Duration d) throws InterruptedException {
        if (!running || stopSignal.await(d.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new InterruptedException("stopping");
        }
    }

    private boolean sleep(Duration d) {
        try {
            return !stopSignal.await(d.toMillis(), TimeUnit.MILLISECONDS) && running;
        } catch (InterruptedException e) {
            return false;
        }
    }
}
