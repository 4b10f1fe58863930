package org.mailplatform.protocol.server;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.springframework.context.SmartLifecycle;

/**
 * A {@link ProtocolServer} run by a Spring application context: the listeners are bound when the
 * context starts and drained when it stops ({@link ProtocolServer#drain()}: stop accepting, every
 * session told to finish in its protocol's words, the rest cut after the shutdown grace), so a
 * rolling update lets commands in flight finish and idle clients reconnect to another node. It can
 * start again after a stop, as Spring may stop and restart a context.
 *
 * <p>SMTP, IMAP and POP3 each extend it only with their own view of the server (a listener's port
 * in the shape their tests and standalone want, gauges); the life cycle itself is written once.
 */
public class ServerLifecycle implements SmartLifecycle {

    private final ProtocolServer server;
    private final int phase;
    private volatile boolean running;

    /**
     * @param server the server to run
     * @param phase  the Spring life-cycle phase: a higher one starts later and stops earlier, so the
     *               network opens after the backends it needs and closes before they go
     */
    protected ServerLifecycle(ProtocolServer server, int phase) {
        this.server = Objects.requireNonNull(server);
        this.phase = phase;
    }

    @Override
    public final void start() {
        server.start();
        running = true;
    }

    /** Drains the server within its shutdown grace; returns once every connection is closed. */
    @Override
    public final void stop() {
        running = false;
        server.drain();
    }

    @Override
    public final boolean isRunning() {
        return running;
    }

    @Override
    public final int getPhase() {
        return phase;
    }

    /** The listeners as bound (their real ports when 0 was configured); empty while stopped. */
    public final List<BoundListener> listeners() {
        return server.boundListeners();
    }

    /** The listener of that name as bound; empty while stopped or if it was not opened (no certificate, negative port). */
    public final Optional<BoundListener> listener(String name) {
        return server.boundListener(name);
    }

    /** The number of open connections. */
    public final int openConnections() {
        return server.openConnections();
    }

    /** Bytes written to connections that the clients have not taken yet (see {@link ProtocolServer#pendingOutboundBytes}). */
    public final long pendingOutboundBytes() {
        return server.pendingOutboundBytes();
    }
}
