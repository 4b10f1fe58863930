package org.mailplatform.protocol.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.mailplatform.protocol.session.SessionEvent.Reason;

/**
 * The Micrometer meters of one protocol server, tagged {@code protocol} (smtp, imap, pop3) and
 * {@code listener}:
 * <ul>
 *   <li>{@code mail.protocol.connections.active} gauge;</li>
 *   <li>{@code mail.protocol.connections} counter, {@code outcome} = accepted or the refusal reason;</li>
 *   <li>{@code mail.protocol.commands} timer, tags {@code command} and {@code outcome} (the protocol's
 *       own words, e.g. {@code ok}, {@code temp_fail}, {@code perm_fail}, {@code bad});</li>
 *   <li>{@code mail.protocol.bytes} counter, {@code direction} = in or out (bytes on the wire,
 *       TLS included).</li>
 * </ul>
 */
public final class ProtocolMetrics {

    private final MeterRegistry registry;
    private final String protocol;
    private final Map<String, AtomicInteger> active = new ConcurrentHashMap<>();
    /** The command timers registered so far; commands and outcomes are the protocol's own few words. */
    private final Map<CommandKind, Timer> commandTimers = new ConcurrentHashMap<>();

    private record CommandKind(String command, String outcome) {
    }

    public ProtocolMetrics(MeterRegistry registry, String protocol) {
        this.registry = registry;
        this.protocol = protocol;
    }

    public void connectionOpened(String listener) {
        gauge(listener).incrementAndGet();
        Counter.builder("mail.protocol.connections").tags("protocol", protocol, "listener", listener, "outcome", "accepted")
                .register(registry).increment();
    }

    public void connectionClosed(String listener) {
        gauge(listener).decrementAndGet();
    }

    public void connectionRejected(String listener, Reason reason) {
        Counter.builder("mail.protocol.connections")
                .tags("protocol", protocol, "listener", listener, "outcome", reason.name().toLowerCase())
                .register(registry).increment();
    }

    /** Records one command: its name as the protocol spells it, its outcome and how long it took. */
    public void command(String command, String outcome, Duration took) {
        // looked up once per kind of command: building the tags and the meter's id again for every
        // RETR of a retrieve-all or every FETCH of a sync cost more than recording the time
        commandTimers.computeIfAbsent(new CommandKind(command, outcome), kind ->
                Timer.builder("mail.protocol.commands").tags("protocol", protocol, "command", command, "outcome", outcome)
                        .publishPercentileHistogram()
                        .register(registry)).record(took);
    }

    /** The byte counter of a listener and direction ({@code in} or {@code out}). */
    public Counter bytes(String listener, String direction) {
        return Counter.builder("mail.protocol.bytes").baseUnit("bytes")
                .tags("protocol", protocol, "listener", listener, "direction", direction).register(registry);
    }

    public int activeConnections(String listener) {
        return gauge(listener).get();
    }

    public MeterRegistry registry() {
        return registry;
    }

    private AtomicInteger gauge(String listener) {
        return active.computeIfAbsent(listener, l -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder("mail.protocol.connections.active", value, AtomicInteger::get)
                    .tags("protocol", protocol, "listener", l).register(registry);
            return value;
        });
    }
}
