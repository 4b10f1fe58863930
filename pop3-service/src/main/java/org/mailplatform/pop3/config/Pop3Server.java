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
import org.mailplatform.protocol.server.ServerLifecycle;
import org.mailplatform.protocol.server.ServerLimits;

/**
 * The POP3 listeners as a Spring life cycle ({@link ServerLifecycle}): bound when the context
 * starts, drained (sessions told to finish, nothing deleted for those cut off) when it stops.
 */
public final class Pop3Server extends ServerLifecycle {

    /** Listener names in metrics and logs. */
    public static final String POP3 = "pop3";
    public static final String POP3S = "pop3s";

    public Pop3Server(Pop3Properties properties, SslContext sslContext, Pop3Protocol protocol, ProtocolMetrics metrics) {
        super(new ProtocolServer("pop3", plan(properties, sslContext), limits(properties), sslContext, protocol, metrics,
                properties.transport()),
                DEFAULT_PHASE);
    }

    private static List<Listener> plan(Pop3Properties p, SslContext ssl) {
        return new ListenerPlan(p.bindAddress(), ssl != null, p.proxyProtocol()).plain(POP3, p.port())
                .implicitTls(POP3S, p.pop3sPort()).listeners();
    }

    private static ServerLimits limits(Pop3Properties p) {
        return new ServerLimits(p.maxConnections(), p.maxConnectionsPerAddress(), p.maxLineLength(), p.idleTimeout(),
                p.commandsPerMinute(), p.maxBlockingOperations(), p.shutdownGrace());
    }

    /** The port a listener is bound to, once started. */
    public Optional<Integer> port(String listener) {
        return listener(listener).map(BoundListener::port);
    }
}
