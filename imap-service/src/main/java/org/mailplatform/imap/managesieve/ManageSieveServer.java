package org.mailplatform.imap.managesieve;

import org.mailplatform.protocol.server.BoundListener;
import org.mailplatform.protocol.server.ProtocolServer;
import org.mailplatform.protocol.server.ServerLifecycle;
import org.mailplatform.protocol.session.BlockingWork;
import org.springframework.beans.factory.DisposableBean;

/**
 * The ManageSieve listener ({@code managesieve}) as a Spring life cycle: bound on start, drained on
 * stop like IMAP's (idle sessions get {@code BYE (TRYLATER)}, a command in flight finishes first).
 */
public final class ManageSieveServer extends ServerLifecycle implements DisposableBean {

    /** The listener's name in metrics and logs. */
    public static final String LISTENER = "managesieve";

    private final BlockingWork blocking;

    public ManageSieveServer(ProtocolServer server, BlockingWork blocking) {
        super(server, DEFAULT_PHASE);
        this.blocking = blocking;
    }

    /** The blocking-work threads outlive stop/start (Spring may pause and restart a context). */
    @Override
    public void destroy() {
        blocking.close();
    }

    /** The bound port, once started; -1 when the listener is off. */
    public int port() {
        return listener(LISTENER).map(BoundListener::port).orElse(-1);
    }
}
