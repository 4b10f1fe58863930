package org.mailplatform.delivery.stage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
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
    private final Predicate<Throwable> temporary;
    private final MeterRegistry meters;
    private final Counter done;
    private final Counter deadLettered;
    private final Counter paused;
    private final Backoff backoff;
    private final Map<TopicPartition, Failures> unexpected = new HashMap<>();
    private volatile KafkaObservations observations = KafkaObservations.noop();
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
        this.temporary = temporary;
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

    /**
     * The registry to observe records with; Spring sets it on the stage beans. A setter rather than
     * a constructor argument so stages built by hand (tests, tools) need not care about tracing.
     */
    @Autowired(required = false)
    public void setObservations(ObservationRegistry registry) {
        this.observations = new KafkaObservations(registry);
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
            List<Outcome> outcomes = process(records);
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

    private List<Outcome> process(List<ConsumerRecord<String, byte[]>> records) throws InterruptedException {
        return switch (settings.concurrency()) {
            case IN_ORDER -> inOrder(records);
            case PER_KEY -> {
                Map<String, List<ConsumerRecord<String, byte[]>>> byKey = new LinkedHashMap<>();
                records.forEach(r -> byKey.computeIfAbsent(String.valueOf(r.key()), k -> new ArrayList<>()).add(r));
                Map<ConsumerRecord<String, byte[]>, Outcome> done = new java.util.concurrent.ConcurrentHashMap<>();
                concurrently(byKey.values().stream().map(group -> (Runnable) () -> {
                    List<Outcome> outcomes = together(group);
                    for (int i = 0; i < group.size(); i++) {
                        // after a pause, the key's later records wait too (same outcome, never committed)
                        done.put(group.get(i), i < outcomes.size() ? outcomes.get(i) : outcomes.getLast());
                    }
                }).toList());
                yield records.stream().map(done::get).toList();
            }
            case ALL -> {
                Outcome[] outcomes = new Outcome[records.size()];
                List<Runnable> tasks = new ArrayList<>();
                for (int i = 0; i < records.size(); i++) {
                    int index = i;
                    tasks.add(() -> outcomes[index] = handleSafely(records.get(index)));
                }
                concurrently(tasks);
                yield List.of(outcomes);
            }
        };
    }

    /** Outcomes in order, up to and including the first pause. */
    private List<Outcome> inOrder(List<ConsumerRecord<String, byte[]>> records) {
        return inOrder(records, null);
    }

    /** As above; {@code first} is the first record's observation if it was started already. */
    private List<Outcome> inOrder(List<ConsumerRecord<String, byte[]>> records, Observation first) {
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, byte[]> r = records.get(i);
            Outcome o = handleSafely(r, i == 0 && first != null ? first : observe(r));
            outcomes.add(o);
            if (o instanceof Outcome.Pause) {
                break;
            }
        }
        return outcomes;
    }

    /**
     * One key's records: what the handler settles {@linkplain RecordHandler#handleTogether together},
     * the rest one by one. Each record gets its own processing observation; the handler runs within
     * the first record's.
     */
    private List<Outcome> together(List<ConsumerRecord<String, byte[]>> records) {
        if (records.size() < 2) {
            return inOrder(records);
        }
        Observation first = observe(records.getFirst());
        List<Outcome> settled;
        try (Observation.Scope scope = first.openScope()) {
            settled = handler.handleTogether(records);
        } catch (RuntimeException e) {
            log.warn("stage {}: {} records of key {} failed together ({}); handling them one by one",
                    settings.name(), records.size(), records.getFirst().key(), e.toString());
            settled = List.of();
        }
        if (settled.size() > records.size() || settled.stream().anyMatch(o -> o instanceof Outcome.Pause)) {
            throw new IllegalStateException("handleTogether settled more records than it was given, or paused");
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < settled.size(); i++) {
            ConsumerRecord<String, byte[]> r = records.get(i);
            outcomes.add(finish(i == 0 ? first : observe(r), settled.get(i)));
        }
        int n = settled.size();
        outcomes.addAll(inOrder(records.subList(n, records.size()), n == 0 ? first : null));
        return outcomes;
    }

    private static void concurrently(List<Runnable> tasks) throws InterruptedException {
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            tasks.forEach(t -> futures.add(workers.submit(t)));
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("handler escaped its guard", e.getCause());
                }
            }
        }
    }

    private Observation observe(ConsumerRecord<String, byte[]> r) {
        return observations.processing(r, settings.name()).start();
    }

    private Outcome handleSafely(ConsumerRecord<String, byte[]> r) {
        return handleSafely(r, observe(r));
    }

    private Outcome handleSafely(ConsumerRecord<String, byte[]> r, Observation processing) {
        Outcome outcome;
        try (Observation.Scope scope = processing.openScope()) {
            outcome = handleGuarded(r);
        } catch (RuntimeException | Error e) {
            processing.error(e).stop();
            throw e;
        }
        return finish(processing, outcome);
    }

    /** Puts the record's trace into its output records and ends its processing observation. */
    private Outcome finish(Observation processing, Outcome outcome) {
        KafkaObservations kafka = observations;
        try {
            switch (outcome) {
                case Outcome.Done done -> done.output().forEach(out -> kafka.propagate(out, processing));
                case Outcome.Pause pause -> processing.error(failure(pause.reason(), pause.cause()));
                case Outcome.DeadLetter dead -> processing.error(failure(dead.reason(), dead.cause()));
            }
            processing.lowCardinalityKeyValue("outcome", switch (outcome) {
                case Outcome.Done d -> "done";
                case Outcome.Pause p -> "paused";
                case Outcome.DeadLetter d -> "dead-letter";
            });
            return outcome;
        } finally {
            processing.stop();
        }
    }

    private static Throwable failure(String reason, Throwable cause) {
        return cause != null ? cause : new IllegalStateException(reason);
    }

    private Outcome handleGuarded(ConsumerRecord<String, byte[]> r) {
        try {
            return handler.handle(r);
        } catch (PoisonRecordException e) {
            log.error("stage {}: record {}-{}@{} cannot be processed: {}", settings.name(), r.topic(), r.partition(),
                    r.offset(), e.getMessage());
            return new Outcome.DeadLetter(e.getMessage(), e);
        } catch (RuntimeException e) {
            if (temporary.test(e)) {
                return new Outcome.Pause(e.toString(), e);
            }
            return unexpectedFailure(r, e);
        }
    }

    private synchronized Outcome unexpectedFailure(ConsumerRecord<String, byte[]> r, RuntimeException e) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        Failures f = unexpected.get(tp);
        int count = f != null && f.offset == r.offset() ? f.count + 1 : 1;
        unexpected.put(tp, new Failures(r.offset(), count));
        if (count >= settings.maxUnexpectedFailures()) {
            unexpected.remove(tp);
            log.error("stage {}: record {}-{}@{} failed {} times; dead-lettering it", settings.name(), r.topic(),
                    r.partition(), r.offset(), count, e);
            return new Outcome.DeadLetter("processing failed " + count + " times: " + e, e);
        }
        log.warn("stage {}: record {}-{}@{} failed ({}), attempt {} of {}", settings.name(), r.topic(), r.partition(),
                r.offset(), e.toString(), count, settings.maxUnexpectedFailures(), e);
        return new Outcome.Pause("unexpected failure: " + e, e);
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

    private record Failures(long offset, int count) {
    }
}
