package org.mailplatform.smtp.config;

import java.util.List;

import org.mailplatform.protocol.server.BoundListener;
import org.mailplatform.protocol.server.ServerLifecycle;
import org.mailplatform.smtp.server.SmtpServer;

/**
 * Starts the SMTP listeners with the application and drains them at shutdown ({@link ServerLifecycle}),
 * before the Kafka producer and the blob store go away; the {@link SmtpServer} bean's own close
 * ends its blocking work afterwards. {@link #bound()} tells standalone and tests where they listen.
 */
public class SmtpListeners extends ServerLifecycle {

    /** Late start, early stop: the network opens after everything it needs and closes first. */
    static final int PHASE = Integer.MAX_VALUE - 1000;

    SmtpListeners(SmtpServer server) {
        super(server.protocolServer(), PHASE);
    }

    /** The listeners and their bound addresses, once started. */
    public List<BoundListener> bound() {
        return listeners();
    }

    /** The bound port of {@code mx}, {@code submission} or {@code smtps}, or -1. */
    public int port(String listener) {
        return listener(listener).map(BoundListener::port).orElse(-1);
    }
}
