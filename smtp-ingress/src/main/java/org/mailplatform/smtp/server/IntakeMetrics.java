package org.mailplatform.smtp.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Message outcomes of the intake: {@code mail.smtp.messages} (tags {@code listener} and
 * {@code outcome} = queued, rejected, temporary) and {@code mail.smtp.message.size} (bytes stored,
 * Received header included, per listener).
 */
final class IntakeMetrics {

    private final MeterRegistry registry;

    IntakeMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void queued(String listener, long size) {
        count(listener, "queued");
        DistributionSummary.builder("mail.smtp.message.size").baseUnit("bytes").tag("listener", listener)
                .register(registry).record(size);
    }

    void rejected(String listener) {
        count(listener, "rejected");
    }

    void temporary(String listener) {
        count(listener, "temporary");
    }

    private void count(String listener, String outcome) {
        Counter.builder("mail.smtp.messages").tags("listener", listener, "outcome", outcome).register(registry).increment();
    }
}
