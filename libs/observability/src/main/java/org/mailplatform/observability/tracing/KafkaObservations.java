package org.mailplatform.observability.tracing;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import io.micrometer.tracing.handler.TracingObservationHandler;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Observations of the platform's hops through Kafka, so that one trace follows a message from the
 * SMTP intake through every queue to the mailbox. The trace context travels in the record headers;
 * writing and reading them is left to the tracing handlers Spring Boot registers (the configured
 * propagator, W3C {@code traceparent} by default), which only run when tracing is on
 * ({@link TracingSwitch}). With tracing off the observations only time the hops.
 *
 * <p>Observations (and with them timers, and spans when tracing is on):
 * <ul>
 *   <li>{@value #SEND}: a record handed to Kafka ({@code PRODUCER} span), tag {@code topic};</li>
 *   <li>{@value #PROCESS}: a record consumed and processed ({@code CONSUMER} span, child of the
 *       span that sent it), tags {@code topic} and {@code stage}.</li>
 * </ul>
 */
public final class KafkaObservations {

    public static final String SEND = "mail.kafka.send";
    public static final String PROCESS = "mail.kafka.process";

    private final ObservationRegistry registry;

    public KafkaObservations(ObservationRegistry registry) {
        this.registry = registry == null ? ObservationRegistry.NOOP : registry;
    }

    /** Observes nothing: for code built without Spring (unit tests, tools). */
    public static KafkaObservations noop() {
        return new KafkaObservations(ObservationRegistry.NOOP);
    }

    public ObservationRegistry registry() {
        return registry;
    }

    /**
     * A not yet started observation of sending {@code record}; starting it writes the trace context
     * (child of {@code parent}, or of the current observation when {@code parent} is null) into the
     * record's headers, so start it before handing the record to the producer.
     */
    public Observation sending(ProducerRecord<?, ?> record, Observation parent) {
        SenderContext<ProducerRecord<?, ?>> context = new SenderContext<>(KafkaObservations::setHeader, Kind.PRODUCER);
        context.setCarrier(record);
        context.setRemoteServiceName("kafka");
        Observation observation = Observation.createNotStarted(SEND, () -> context, registry)
                .contextualName("send " + record.topic())
                .lowCardinalityKeyValue("topic", record.topic())
                .highCardinalityKeyValue("messaging.kafka.message.key", String.valueOf(record.key()));
        if (parent != null) {
            observation.parentObservation(parent);
        }
        return observation;
    }

    /**
     * Marks {@code record} as sent from within {@code parent}: for records that a Kafka transaction
     * writes later, so the headers are complete before the record is queued in the producer.
     */
    public void propagate(ProducerRecord<?, ?> record, Observation parent) {
        sending(record, parent).start().stop();
    }

    /**
     * A not yet started observation of processing {@code record} in {@code stage}; it continues the
     * trace found in the record's headers (a record without one starts a new trace).
     */
    public Observation processing(ConsumerRecord<?, ?> record, String stage) {
        ReceiverContext<ConsumerRecord<?, ?>> context = new ReceiverContext<>(KafkaObservations::header, Kind.CONSUMER);
        context.setCarrier(record);
        context.setRemoteServiceName("kafka");
        return Observation.createNotStarted(PROCESS, () -> context, registry)
                .contextualName(stage + " process " + record.topic())
                .lowCardinalityKeyValue("topic", record.topic())
                .lowCardinalityKeyValue("stage", stage)
                .highCardinalityKeyValue("messaging.kafka.message.key", String.valueOf(record.key()))
                .highCardinalityKeyValue("messaging.kafka.offset", Long.toString(record.offset()));
    }

    /** The trace id of an observation's span, when tracing is on and the span is real. */
    public static Optional<String> traceId(Observation observation) {
        if (observation == null || observation.isNoop()) {
            return Optional.empty();
        }
        TracingObservationHandler.TracingContext tracing =
                observation.getContext().get(TracingObservationHandler.TracingContext.class);
        if (tracing == null || tracing.getSpan() == null || tracing.getSpan().isNoop()) {
            return Optional.empty();
        }
        String id = tracing.getSpan().context().traceId();
        return id == null || id.isEmpty() ? Optional.empty() : Optional.of(id);
    }

    /** Replaces rather than adds: a re-sent record (retry) must not carry two contexts. */
    private static void setHeader(ProducerRecord<?, ?> record, String key, String value) {
        record.headers().remove(key);
        record.headers().add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String header(ConsumerRecord<?, ?> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
