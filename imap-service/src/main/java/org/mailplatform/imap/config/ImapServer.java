package org.mailplatform.imap.config;

import org.mailplatform.protocol.server.ProtocolServer;
import org.mailplatform.protocol.server.ServerLifecycle;
import org.mailplatform.protocol.session.BlockingWork;
import org.springframework.beans.factory.DisposableBean;

/**
 * Runs the IMAP {@link ProtocolServer} with the application ({@link ServerLifecycle}: bind on start;
 * drain on stop, BYE to idle sessions, commands in flight finish within the grace period). It can
 * be started again after a stop.
 */
public final class ImapServer extends ServerLifecycle implements DisposableBean {

    private final BlockingWork blockingWork;

    ImapServer(ProtocolServer server, BlockingWork blockingWork) {
        super(server, DEFAULT_PHASE);
        this.blockingWork = blockingWork;
    }

    /** The blocking-work threads outlive stop/start (Spring may pause and restart a context). */
    @Override
    public void destroy() {
        blockingWork.close();
    }

    /** Blocking operations (store, S3) running now for sessions; none once every command has ended. */
    public int blockingInFlight() {
        return blockingWork.inFlight();
    }

    /** The bound port of the listener named {@code imap} or {@code imaps}. */
    public int port(String listener) {
        return listener(listener).orElseThrow(() -> new IllegalStateException("no listener " + listener)).port();
    }
}
