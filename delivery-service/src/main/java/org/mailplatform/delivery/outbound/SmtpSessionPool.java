package org.mailplatform.delivery.outbound;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Open SMTP sessions kept between messages, per destination (exchanger name and address), so a burst
 * of mail to one domain pays the TCP, TLS and EHLO round trips once rather than per message, as
 * Postfix's connection cache does. A session is taken only after it answered {@code RSET} (RFC 5321
 * section 4.1.1.5): that resets any transaction state and proves the server has not dropped the
 * idle connection, so a message never fails because of a stale session. A session carries at most
 * {@code maxMessages} transactions, waits at most {@code idleTimeout} unused (servers drop idle
 * clients, RFC 5321 section 4.5.3.2.7 suggests 5 minutes, many much sooner), and at most
 * {@code maxIdlePerDestination} wait per destination; the rest are closed with QUIT.
 *
 * <p>How many sessions are busy at once is not decided here but by the {@link DomainLimiter} around
 * each delivery. Metrics: {@code mail.delivery.outbound.connections{outcome=opened|reused}} and the
 * gauge {@code mail.delivery.outbound.connections.idle}.
 */
public final class SmtpSessionPool implements AutoCloseable {

    /** Where a session goes: the exchanger's name (for TLS and logs) and the address connected to. */
    record Destination(String host, InetSocketAddress address) {
    }

    private record Idle(SmtpConnection connection, long since) {
    }

    private final Duration idleTimeout;
    private final int maxMessages;
    private final int maxIdlePerDestination;
    private final Map<Destination, Deque<Idle>> idle = new HashMap<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private final ScheduledExecutorService reaper;
    private final Counter opened;
    private final Counter reused;
    private boolean closed;

    /**
     * @param idleTimeout           longest wait of an unused session; zero turns reuse off
     * @param maxMessages           transactions per session; 1 turns reuse off
     * @param maxIdlePerDestination sessions kept waiting per destination
     */
    public SmtpSessionPool(Duration idleTimeout, int maxMessages, int maxIdlePerDestination, MeterRegistry meters) {
        if (maxMessages < 1 || maxIdlePerDestination < 0 || idleTimeout.isNegative()) {
            throw new IllegalArgumentException("invalid SMTP session pool limits");
        }
        this.idleTimeout = idleTimeout;
        this.maxMessages = maxMessages;
        this.maxIdlePerDestination = maxIdlePerDestination;
        this.opened = Counter.builder("mail.delivery.outbound.connections").tag("outcome", "opened")
                .description("outbound SMTP sessions opened or reused for a message").register(meters);
        this.reused = Counter.builder("mail.delivery.outbound.connections").tag("outcome", "reused").register(meters);
        Gauge.builder("mail.delivery.outbound.connections.idle", idleCount, AtomicInteger::get)
                .description("outbound SMTP sessions waiting for the next message").register(meters);
        this.reaper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("smtp-session-reaper").factory());
        long period = Math.max(100, idleTimeout.toMillis() / 2);
        reaper.scheduleWithFixedDelay(this::closeExpired, period, period, TimeUnit.MILLISECONDS);
    }

    /** Counts a freshly opened session (the caller opened it because {@link #take} had none). */
    void opened() {
        opened.increment();
    }

    /** An idle session to {@code destination} that just answered RSET, or null when there is none. */
    SmtpConnection take(Destination destination) {
        while (true) {
            Idle candidate;
            synchronized (this) {
                Deque<Idle> waiting = idle.get(destination);
                candidate = waiting == null ? null : waiting.pollFirst();
                if (candidate != null) {
                    idleCount.decrementAndGet();
                }
            }
            if (candidate == null) {
                return null;
            }
            if (expired(candidate, System.nanoTime())) {
                candidate.connection().close();
                continue;
            }
            try {
                if (candidate.connection().command("RSET").positive()) {
                    reused.increment();
                    return candidate.connection();
                }
            } catch (IOException dropped) {
                // the server closed the idle session: open a new one
            }
            candidate.connection().abandon();
        }
    }

    /**
     * Hands back a session whose transaction is over (any reply to the end of DATA, or a transaction
     * that never started); it waits for the next message unless it has carried enough of them.
     */
    void release(Destination destination, SmtpConnection connection) {
        if (connection.transactions() < maxMessages && !idleTimeout.isZero()) {
            synchronized (this) {
                if (!closed) {
                    Deque<Idle> waiting = idle.computeIfAbsent(destination, k -> new ArrayDeque<>());
                    if (waiting.size() < maxIdlePerDestination) {
                        // most recently used first: the others age out when traffic drops
                        waiting.addFirst(new Idle(connection, System.nanoTime()));
                        idleCount.incrementAndGet();
                        return;
                    }
                }
            }
        }
        connection.close();
    }

    private boolean expired(Idle i, long now) {
        return now - i.since() >= idleTimeout.toNanos();
    }

    private void closeExpired() {
        List<SmtpConnection> expired = new ArrayList<>();
        long now = System.nanoTime();
        synchronized (this) {
            for (Iterator<Deque<Idle>> queues = idle.values().iterator(); queues.hasNext(); ) {
                Deque<Idle> waiting = queues.next();
                waiting.removeIf(i -> {
                    if (expired(i, now)) {
                        expired.add(i.connection());
                        return true;
                    }
                    return false;
                });
                if (waiting.isEmpty()) {
                    queues.remove();
                }
            }
            idleCount.addAndGet(-expired.size());
        }
        expired.forEach(SmtpConnection::close);
    }

    /** Closes every idle session with QUIT; sessions handed back later are closed at once. */
    @Override
    public void close() {
        List<SmtpConnection> all = new ArrayList<>();
        synchronized (this) {
            closed = true;
            idle.values().forEach(q -> q.forEach(i -> all.add(i.connection())));
            idle.clear();
            idleCount.set(0);
        }
        reaper.shutdownNow();
        all.forEach(SmtpConnection::close);
    }
}
