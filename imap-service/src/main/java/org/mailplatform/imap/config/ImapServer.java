package org.mailplatform.imap.config;

import java.util.List;

import org.mailplatform.protocol.server.BoundListener;
import org.mailplatform.protocol.server.ProtocolServer;
import org.mailplatform.protocol.session.BlockingWork;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the IMAP {@link ProtocolServer} with the application: binds on start, drains on stop
 * (stop accepting, let commands finish, BYE to idle sessions, within the grace period). It can be
 * started again after a stop.
 */
public final class ImapServer implements SmartLifecycle, org.springframework.beans.factory.DisposableBean {

    private final ProtocolServer server;
    private final BlockingWork blockingWork;
    private final java.time.Duration grace;
    private volatile boolean running;

    ImapServer(ProtocolServer server, BlockingWork blockingWork, java.time.Duration grace) {
        this.server = server;
        this.blockingWork = blockingWork;
        this.grace = grace;
    }

    @Override
    public void start() {
        server.start();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        server.drain(grace);
    }

    /** The blocking-work threads outlive stop/start (Spring may pause and restart a context). */
    @Override
    public void destroy() {
        blockingWork.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Blocking operations (store, S3) running now for sessions; none once every command has ended. */
    public int blockingInFlight() {
        return blockingWork.inFlight();
    }

    /** Bytes written to connections that the clients have not taken yet (see {@link ProtocolServer#pendingOutboundBytes}). */
    public long pendingOutboundBytes() {
        return server.pendingOutboundBytes();
    }

    /** The listeners as bound (their real ports when 0 was configured). */
    public List<BoundListener> listeners() {
        return server.boundListeners();
    }

    /** The bound port of the listener named {@code imap} or {@code imaps}. */
    public int port(String listener) {
        return listeners().stream().filter(l -> l.listener().name().equals(listener)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no listener " + listener)).port();
    }
}
