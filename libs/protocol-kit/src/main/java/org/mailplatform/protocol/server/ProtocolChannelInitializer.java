package org.mailplatform.protocol.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.ssl.SslContext;
import org.mailplatform.protocol.frame.Framer;
import org.mailplatform.protocol.limit.Admission;
import org.mailplatform.protocol.limit.ConnectionLimitHandler;
import org.mailplatform.protocol.limit.ConnectionLimiter;
import org.mailplatform.protocol.limit.FlowControl;
import org.mailplatform.protocol.limit.ProxyProtocolAdmission;
import org.mailplatform.protocol.metrics.ProtocolMetrics;
import org.mailplatform.protocol.metrics.TrafficCounter;
import org.mailplatform.protocol.session.IdleTimeout;

/** Builds each accepted connection's pipeline in the order of {@link PipelineSlots}. */
final class ProtocolChannelInitializer extends ChannelInitializer<Channel> {

    private final Listener listener;
    private final ServerLimits limits;
    private final SslContext sslContext;
    private final ProtocolHandlers handlers;
    private final ChannelGroup connections;
    private final TrafficCounter traffic;
    private final Admission admission;

    ProtocolChannelInitializer(Listener listener, ServerLimits limits, SslContext sslContext, ProtocolHandlers handlers,
                               ProtocolMetrics metrics, ConnectionLimiter limiter, ChannelGroup connections) {
        this.listener = listener;
        this.limits = limits;
        this.sslContext = sslContext;
        this.handlers = handlers;
        this.connections = connections;
        this.traffic = new TrafficCounter(metrics, listener.name());
        this.admission = new Admission(listener, limiter, metrics);
    }

    @Override
    protected void initChannel(Channel channel) {
        connections.add(channel);
        ChannelPipeline p = channel.pipeline();
        p.addLast(PipelineSlots.TRAFFIC, traffic);
        p.addLast(PipelineSlots.CONNECTION_LIMIT, new ConnectionLimitHandler(admission, listener.proxyProtocol()));
        if (listener.proxyProtocol()) {
            p.addLast(PipelineSlots.PROXY_PROTOCOL, new HAProxyMessageDecoder());
            p.addLast(PipelineSlots.PROXY_ADMISSION, new ProxyProtocolAdmission(admission));
        }
        if (listener.tls() == TlsMode.IMPLICIT) {
            p.addLast(PipelineSlots.TLS, sslContext.newHandler(channel.alloc()));
        }
        p.addLast(PipelineSlots.IDLE_TIMEOUT, new IdleTimeout(limits.idleTimeout()));
        p.addLast(PipelineSlots.FRAMER, new Framer(limits.maxLineLength()));
        p.addLast(PipelineSlots.DECODER, handlers.decoder(listener));
        p.addLast(PipelineSlots.FLOW_CONTROL, new FlowControl(limits.commandsPerMinute()));
        p.addLast(PipelineSlots.ENCODER, handlers.encoder(listener));
        p.addLast(PipelineSlots.SESSION, handlers.session(listener));
    }
}
