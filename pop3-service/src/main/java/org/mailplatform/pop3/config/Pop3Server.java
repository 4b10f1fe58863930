package org.mailplatform.pop3.config;

import java.util.List;
import java.util.Optional;

import io.netty.handler.ssl.SslContext;
import org.mailplatform.pop3.server.Pop3Protocol;
import org.mailplatform.protocol.metrics.ProtocolMetrics;
import org.mailplatform.protocol.server.BoundListener;
import org.mailplatform.protocol.server.Listener;
import org.mailplatform.protocol.server.ListenerPlan;
import org.mailplatform.protocol.server.ProtocolServer;
import org.mailplatform.protocol.server.ServerLimits;
import org.springframework.context.SmartLifecycle;

/**
 * The POP3 listeners as a Spring life cycle: bound when the context starts, drained (sessions told
 * to finish, nothing deleted for those cut off) when it stops.
 */
public final class Pop3Server implements SmartLifecycle {

    /** Listener names in metrics and logs. */
    public static final String POP3 = "pop3";
    public static final String POP3S = "pop3s";

    private final ProtocolServer server;
    private final Pop3Properties properties;
    private volatile boolean running;

    public Pop3Server(Pop3Properties properties, SslContext sslContext, Pop3Protocol protocol, ProtocolMetrics metrics) {
        this.properties = properties;
        ServerLimits limits = new ServerLimits(properties.maxConnections(), properties.maxConnectionsPerAddress(),
                properties.maxLineLength(), properties.idleTimeout(), properties.commandsPerMinute(),
                properties.maxBlockingOperations(), properties.shutdownGrace());
        this.server = new ProtocolServer("pop3", listeners(properties, sslContext), limits, sslContext, protocol, metrics);
    }

    static List<Listener> listeners(Pop3Properties p, SslContext ssl) {
        return new ListenerPlan(p.bindAddress(), ssl != null, p.proxyProtocol()).plain(POP3, p.port())
                .implicitTls(POP3S, p.pop3sPort()).listeners();
    }

    /** The port a listener is bound to, once started. */
    public Optional<Integer> port(String listener) {
        return server.boundListeners().stream().filter(b -> b.listener().name().equals(listener))
                .map(BoundListener::port).findFirst();
    }

    public int openConnections() {
        return server.openConnections();
    }

    @Override
    public void start() {
        server.start();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        server.drain(properties.shutdownGrace());
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
