package org.mailplatform.delivery.stage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

import io.micrometer.observation.Observation;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.mailplatform.observability.tracing.KafkaObservations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one polled batch of a {@link TransactionalStage} into one {@link Outcome} per record, by the
 * stage's {@link Concurrency}: in order, one key's records in order (offered to the handler
 * {@linkplain RecordHandler#handleTogether together}) with keys side by side, or all side by side.
 * A record whose handler throws is classified: temporary (a backend is down) pauses, a poison record
 * is dead-lettered, any other failure pauses until it has happened {@code maxUnexpectedFailures}
 * times at the same offset, then is dead-lettered. Each record is processed within its own tracing
 * observation. The stage commits the outcomes; this class never touches Kafka.
 */
final class RecordProcessor {

    // the stage's logger, so operators' log settings for stages still cover these lines
    private static final Logger log = LoggerFactory.getLogger(TransactionalStage.class);

    private final StageSettings settings;
    private final RecordHandler handler;
    private final Predicate<Throwable> temporary;
    private final Map<TopicPartition, Failures> unexpected = new HashMap<>();
    private volatile KafkaObservations observations = KafkaObservations.noop();

    RecordProcessor(StageSettings settings, RecordHandler handler, Predicate<Throwable> temporary) {
        this.settings = settings;
        this.handler = handler;
        this.temporary = temporary;
    }

    void observeWith(KafkaObservations observations) {
        this.observations = observations;
    }

    List<Outcome> process(List<ConsumerRecord<String, byte[]>> records) throws InterruptedException {
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

    private record Failures(long offset, int count) {
    }
}
