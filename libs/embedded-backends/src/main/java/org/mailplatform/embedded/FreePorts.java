package org.mailplatform.embedded;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Free loopback TCP ports for servers that must know their port before they bind: Kafka advertises
 * its listener and names its controller in the quorum; standalone's gateway routes to services
 * that start beside it. A server that can report its port binds port 0 instead (S3Proxy, MongoDB,
 * Spring's {@code server.port=0}).
 *
 * <p>A port the kernel hands out for port 0 lies in its ephemeral range, where any outgoing
 * connection of any process (the JVM's own Kafka and MongoDB clients among them) can take it between
 * the check and the server's bind. These ports are picked below that range, from
 * {@value #LOWEST}-{@value #HIGHEST} (the system tests hand their processes ports from 20000 up, so
 * the two never meet), where only a server binding that very number can take it, and never twice in
 * one JVM. A caller that can still starts again on a fresh port after a bind failure
 * ({@link #isBindFailure}).
 */
public final class FreePorts {

    private static final Logger log = LoggerFactory.getLogger(FreePorts.class);
    static final int LOWEST = 15000;
    static final int HIGHEST = 19999;
    private static final int ATTEMPTS = 100;
    /** Linux's default; macOS and Windows start theirs at 49152. */
    private static final int DEFAULT_EPHEMERAL_LOW = 32768;
    private static final Duration REBIND_PAUSE = Duration.ofMillis(200);
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    /** A loopback port that is free now, outside the kernel's ephemeral range when that leaves room. */
    public static int pick() {
        int highest = Math.min(HIGHEST, ephemeralLow() - 1);
        if (highest - LOWEST < 1000) {
            // the ephemeral range was widened down to here: the kernel's choice is as good as ours
            return kernelPick();
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = LOWEST + ThreadLocalRandom.current().nextInt(highest - LOWEST + 1);
            if (HANDED_OUT.add(port) && free(port)) {
                return port;
            }
        }
        return kernelPick();
    }

    /** Whether {@code failure} (or a cause) is a server failing to bind a port that is in use. */
    static boolean isBindFailure(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof BindException
                    || (t.getMessage() != null && t.getMessage().contains("Address already in use"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Starts a server that must listen on ports it had before (a restart in place, or a test starting
     * a server again on its old port), trying again while they are still in use, up to {@code timeout}:
     * a socket of the previous server or a client may hold them for a moment.
     */
    static <T> T bindAgain(String what, Duration timeout, Supplier<T> start) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return start.get();
            } catch (Exception e) { // Netty throws a BindException unwrapped, though checked
                if (!isBindFailure(e) || System.nanoTime() - deadline > 0) {
                    throw e;
                }
                log.info("{}: its port is still in use ({}), trying again", what, e.toString());
                pauseBeforeRebind();
            }
        }
    }

    /** No event says when another socket lets go of a port: look again a little later. */
    static void pauseBeforeRebind() {
        LockSupport.parkNanos(REBIND_PAUSE.toNanos());
    }

    /** Whether a listener on loopback could not bind {@code port} now. */
    static boolean inUse(int port) {
        return !free(port);
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException inUse) {
            return false;
        }
    }

    private static int kernelPick() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on loopback", e);
        }
    }

    /** The first port of the kernel's ephemeral range ({@code /proc/sys/net/ipv4/ip_local_port_range} on Linux). */
    static int ephemeralLow() {
        // a line at a time: procfs reports a size of 0, and Files.readString then reads one byte only
        try (BufferedReader reader = Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
            return Integer.parseInt(reader.readLine().trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return DEFAULT_EPHEMERAL_LOW;
        }
    }
}
