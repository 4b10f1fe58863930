package org.mailplatform.protocol.limit;

import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.UUID;

import io.netty.channel.ChannelHandlerContext;
import org.mailplatform.protocol.metrics.ProtocolMetrics;
import org.mailplatform.protocol.server.Listener;
import org.mailplatform.protocol.session.ConnectionInfo;
import org.mailplatform.protocol.session.SessionEvent;
import org.mailplatform.protocol.session.SessionEvent.Reason;

/**
 * Admits a connection once its client address is known (at accept, or after the PROXY header):
 * counts it in the {@link ConnectionLimiter}, records its {@link ConnectionInfo} and tells the
 * session ({@link SessionEvent.Admitted} or {@link SessionEvent.Rejected}).
 */
public final class Admission {

    private final Listener listener;
    private final ConnectionLimiter limiter;
    private final ProtocolMetrics metrics;

    public Admission(Listener listener, ConnectionLimiter limiter, ProtocolMetrics metrics) {
        this.listener = listener;
        this.limiter = limiter;
        this.metrics = metrics;
    }

    /** Runs on the channel's event loop; fires the outcome from {@code ctx} towards the session. */
    public void admit(ChannelHandlerContext ctx, InetSocketAddress client, boolean proxied) {
        Optional<Reason> refused = limiter.tryAcquire(client.getAddress());
        if (refused.isPresent()) {
            metrics.connectionRejected(listener.name(), refused.get());
            ctx.fireUserEventTriggered(new SessionEvent.Rejected(refused.get()));
            return;
        }
        ctx.channel().closeFuture().addListener(f -> {
            limiter.release(client.getAddress());
            metrics.connectionClosed(listener.name());
        });
        metrics.connectionOpened(listener.name());
        ConnectionInfo info = new ConnectionInfo(newId(), listener, client,
                (InetSocketAddress) ctx.channel().localAddress(), proxied);
        info.attachTo(ctx.channel());
        ctx.fireUserEventTriggered(new SessionEvent.Admitted(info));
    }

    private static String newId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
