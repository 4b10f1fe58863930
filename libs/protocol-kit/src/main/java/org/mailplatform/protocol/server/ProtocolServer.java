package org.mailplatform.protocol.server;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.mailplatform.protocol.limit.ConnectionLimiter;
import org.mailplatform.protocol.metrics.ProtocolMetrics;
import org.mailplatform.protocol.session.SessionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A protocol server: one Netty server socket per {@link Listener}, all sharing event loops,
 * connection limits and metrics, every connection built as {@link PipelineSlots} describes.
 *
 * <p>Life cycle: {@link #start()} binds every listener (failing as a whole if one cannot bind);
 * {@link #drain(Duration)} stops accepting, tells every session {@link SessionEvent.Draining}, waits
 * up to the grace period for them to close and then cuts the rest.
 */
public final class ProtocolServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProtocolServer.class);

    private final String protocol;
    private final List<Listener> listeners;
    private final ServerLimits limits;
    private final SslContext sslContext;
    private final ProtocolHandlers handlers;
    private final ProtocolMetrics metrics;
    private final ConnectionLimiter limiter;
    private final Transport transport;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final List<Channel> serverChannels = new ArrayList<>();
    private final List<BoundListener> bound = new ArrayList<>();
    private EventLoopGroup acceptors;
    private EventLoopGroup workers;

    /**
     * @param protocol   the protocol's name in metrics and thread names ({@code smtp}, {@code imap}, {@code pop3})
     * @param listeners  the sockets to open
     * @param limits     the limits every connection gets
     * @param sslContext the server TLS context, or {@code null} if no listener uses TLS
     * @param handlers   the protocol's decoder, encoder and session
     * @param metrics    where connections, commands and bytes are counted
     */
    public ProtocolServer(String protocol, List<Listener> listeners, ServerLimits limits, SslContext sslContext,
                          ProtocolHandlers handlers, ProtocolMetrics metrics) {
        this(protocol, listeners, limits, sslContext, handlers, metrics, Transport.AUTO);
    }

    /**
     * @param transport the event loops' socket layer; {@link Transport#AUTO} takes epoll where it loads
     * @see #ProtocolServer(String, List, ServerLimits, SslContext, ProtocolHandlers, ProtocolMetrics)
     */
    public ProtocolServer(String protocol, List<Listener> listeners, ServerLimits limits, SslContext sslContext,
                          ProtocolHandlers handlers, ProtocolMetrics metrics, Transport transport) {
        this.protocol = Objects.requireNonNull(protocol);
        this.listeners = List.copyOf(listeners);
        this.limits = Objects.requireNonNull(limits);
        this.sslContext = sslContext;
        this.handlers = Objects.requireNonNull(handlers);
        this.metrics = Objects.requireNonNull(metrics);
        this.limiter = new ConnectionLimiter(limits.maxConnections(), limits.maxConnectionsPerAddress());
        this.transport = Objects.requireNonNull(transport);
        for (Listener l : this.listeners) {
            if (l.tls() != TlsMode.NONE && sslContext == null) {
                throw new IllegalArgumentException("listener " + l.name() + " uses TLS " + l.tls() + " but no TLS certificate is configured");
            }
        }
    }

    /** Binds every listener and returns the addresses really bound. */
    public synchronized List<BoundListener> start() {
        if (acceptors != null) {
            throw new IllegalStateException(protocol + " server already started");
        }
        Transport used = transport.resolve();
        if (transport == Transport.AUTO && used == Transport.NIO) {
            log.info("{}: epoll unavailable ({}), using NIO", protocol, Transport.epollUnavailableBecause());
        }
        acceptors = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory(protocol + "-accept"), used.ioHandlers());
        workers = new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory(protocol + "-io"), used.ioHandlers());
        try {
            for (Listener listener : listeners) {
                ServerBootstrap bootstrap = new ServerBootstrap()
                        .group(acceptors, workers)
                        .channel(used.serverChannel())
                        .option(ChannelOption.SO_BACKLOG, 1024)
                        .option(ChannelOption.SO_REUSEADDR, true)
                        .childOption(ChannelOption.AUTO_READ, false)
                        .childOption(ChannelOption.TCP_NODELAY, true)
                        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 128 * 1024))
                        .childHandler(new ProtocolChannelInitializer(listener, limits, sslContext, handlers, metrics, limiter, connections));
                Channel channel = bootstrap.bind(listener.host(), listener.port()).syncUninterruptibly().channel();
                serverChannels.add(channel);
                BoundListener b = new BoundListener(listener, (InetSocketAddress) channel.localAddress());
                bound.add(b);
                log.info("{} listener {} on {} (TLS {}, PROXY protocol {}, {})", protocol, listener.name(), b.address(),
                        listener.tls(), listener.proxyProtocol() ? "on" : "off", used.name().toLowerCase(Locale.ROOT));
            }
        } catch (RuntimeException e) {
            shutdownNow();
            throw new IllegalStateException("cannot start " + protocol + " server: " + e.getMessage(), e);
        }
        return List.copyOf(bound);
    }

    /** The listeners as bound by {@link #start()}; empty before and after. */
    public synchronized List<BoundListener> boundListeners() {
        return List.copyOf(bound);
    }

    /** The listener of that name as bound by {@link #start()}; empty before, after, or if it was not opened. */
    public synchronized Optional<BoundListener> boundListener(String name) {
        return bound.stream().filter(b -> b.listener().name().equals(name)).findFirst();
    }

    /** The number of open connections. */
    public int openConnections() {
        return connections.size();
    }

    /**
     * Bytes written to the open connections and not yet taken by the kernel: what slow readers
     * make the server hold. {@link org.mailplatform.protocol.session.WriteBackpressure} keeps it
     * near each connection's high water mark.
     */
    public long pendingOutboundBytes() {
        long pending = 0;
        for (Channel c : connections) {
            ChannelOutboundBuffer buffer = c.unsafe().outboundBuffer();
            if (buffer != null) {
                pending += buffer.totalPendingWriteBytes();
            }
        }
        return pending;
    }

    public ConnectionLimiter limiter() {
        return limiter;
    }

    /**
     * Stops accepting, asks every session to finish ({@link SessionEvent.Draining}), waits up to
     * {@code grace} for the connections to close, then closes the rest and releases the threads.
     */
    public synchronized void drain(Duration grace) {
        if (acceptors == null) {
            return;
        }
        serverChannels.forEach(c -> c.close().syncUninterruptibly());
        serverChannels.clear();
        for (Channel c : connections) {
            c.eventLoop().execute(() -> c.pipeline().fireUserEventTriggered(new SessionEvent.Draining()));
        }
        boolean allClosed = connections.newCloseFuture().awaitUninterruptibly(grace.toMillis());
        if (!allClosed) {
            log.warn("{}: {} connections still open after {}; closing them", protocol, connections.size(), grace);
        }
        shutdownNow();
    }

    /** {@link #drain(Duration)} within the configured {@link ServerLimits#shutdownGrace()}. */
    public void drain() {
        drain(limits.shutdownGrace());
    }

    @Override
    public void close() {
        drain();
    }

    private void shutdownNow() {
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        serverChannels.forEach(Channel::close);
        serverChannels.clear();
        bound.clear();
        if (acceptors != null) {
            acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            acceptors.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
            workers.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
            acceptors = null;
            workers = null;
        }
    }
}
