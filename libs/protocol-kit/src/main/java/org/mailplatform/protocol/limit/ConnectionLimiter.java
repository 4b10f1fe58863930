package org.mailplatform.protocol.limit;

import java.net.InetAddress;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.mailplatform.protocol.session.SessionEvent.Reason;

/**
 * Counts the open connections of one server, in total and per client address, and refuses those
 * beyond the limits (like Postfix's anvil {@code smtpd_client_connection_count_limit} and Dovecot's
 * {@code mail_max_userip_connections} for addresses). Thread-safe; shared by all listeners of a
 * server.
 */
public final class ConnectionLimiter {

    private final int maxTotal;
    private final int maxPerAddress;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();

    /** Limits of 0 or less mean "no limit". */
    public ConnectionLimiter(int maxTotal, int maxPerAddress) {
        this.maxTotal = maxTotal;
        this.maxPerAddress = maxPerAddress;
    }

    /**
     * Counts a new connection from {@code address}, or refuses it.
     *
     * @return empty when admitted (then {@link #release} must follow), else why it was refused
     */
    public Optional<Reason> tryAcquire(InetAddress address) {
        if (total.incrementAndGet() > maxTotal && maxTotal > 0) {
            total.decrementAndGet();
            return Optional.of(Reason.TOO_MANY_CONNECTIONS);
        }
        boolean[] refused = {false};
        perAddress.compute(address, (a, count) -> {
            AtomicInteger c = count == null ? new AtomicInteger() : count;
            if (maxPerAddress > 0 && c.get() >= maxPerAddress) {
                refused[0] = true;
            } else {
                c.incrementAndGet();
            }
            return c.get() == 0 ? null : c;
        });
        if (refused[0]) {
            total.decrementAndGet();
            return Optional.of(Reason.TOO_MANY_FROM_ADDRESS);
        }
        return Optional.empty();
    }

    /** Forgets one connection from {@code address}. */
    public void release(InetAddress address) {
        total.decrementAndGet();
        perAddress.computeIfPresent(address, (a, c) -> c.decrementAndGet() == 0 ? null : c);
    }

    public int total() {
        return total.get();
    }

    public int from(InetAddress address) {
        AtomicInteger c = perAddress.get(address);
        return c == null ? 0 : c.get();
    }
}
