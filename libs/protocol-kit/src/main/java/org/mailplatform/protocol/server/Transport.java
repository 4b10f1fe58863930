package org.mailplatform.protocol.server;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

/**
 * The socket layer of a server's event loops. Linux's epoll through Netty's native library is
 * edge-triggered and has no selected-key set to allocate and clear at every wake-up, so it makes
 * fewer system calls and less garbage per read and write than the JDK's selector; it is what Netty
 * recommends on Linux, and what Reactor Netty (the gateway) already uses. It needs the library for
 * the machine's architecture (shipped for Linux x86-64 and AArch64, unpacked into the temporary
 * directory); where it does not load, {@link #AUTO} falls back to NIO with the reason logged, and
 * {@link #EPOLL} refuses to start. Services bind it as {@code mail.<protocol>.transport}.
 */
public enum Transport {

    /** Epoll where its native library loads, else NIO (the default). */
    AUTO,
    /** The JDK's selector on every platform. */
    NIO,
    /** Epoll, or the server does not start. */
    EPOLL;

    /**
     * The transport this one stands for on this machine: never {@link #AUTO}.
     *
     * @throws IllegalStateException for {@link #EPOLL} where the native library does not load
     */
    public Transport resolve() {
        return switch (this) {
            case NIO -> NIO;
            case AUTO -> Epoll.isAvailable() ? EPOLL : NIO;
            case EPOLL -> {
                if (!Epoll.isAvailable()) {
                    throw new IllegalStateException("the epoll transport is not available here: "
                            + Epoll.unavailabilityCause());
                }
                yield EPOLL;
            }
        };
    }

    /** Why epoll is not used here, or null when it is available. */
    static String epollUnavailableBecause() {
        Throwable cause = Epoll.unavailabilityCause();
        return cause == null ? null : cause.toString();
    }

    IoHandlerFactory ioHandlers() {
        return switch (resolve()) {
            case EPOLL -> EpollIoHandler.newFactory();
            default -> NioIoHandler.newFactory();
        };
    }

    Class<? extends ServerChannel> serverChannel() {
        return switch (resolve()) {
            case EPOLL -> EpollServerSocketChannel.class;
            default -> NioServerSocketChannel.class;
        };
    }
}
