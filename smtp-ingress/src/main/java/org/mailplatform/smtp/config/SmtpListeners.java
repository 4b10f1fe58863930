package org.mailplatform.smtp.config;

import java.util.List;

import org.mailplatform.protocol.server.BoundListener;
import org.mailplatform.smtp.server.SmtpServer;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the SMTP listeners with the application and drains them at shutdown, before the Kafka
 * producer and the blob store go away. {@link #bound()} tells standalone and tests where they
 * listen.
 */
public class SmtpListeners implements SmartLifecycle {

    private final SmtpServer server;
    private volatile boolean running;

    SmtpListeners(SmtpServer server) {
        this.server = server;
    }

    /** The listeners and their bound addresses, once started. */
    public List<BoundListener> bound() {
        return server.boundListeners();
    }

    /** The bound port of {@code mx}, {@code submission} or {@code smtps}, or -1. */
    public int port(String listener) {
        return server.port(listener);
    }

    @Override
    public void start() {
        server.start();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        server.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Late start, early stop: the network opens after everything it needs and closes first. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }
}
