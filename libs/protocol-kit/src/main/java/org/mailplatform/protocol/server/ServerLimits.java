package org.mailplatform.protocol.server;

import java.time.Duration;

/**
 * The limits protocol-kit enforces for every connection of a server. A {@code null} or
 * non-positive value takes the default; protocols pass their own defaults where the RFCs differ.
 *
 * @param maxConnections           open connections per server, all listeners together; default 2000
 * @param maxConnectionsPerAddress open connections per client address; default 20
 * @param maxLineLength            longest command line in bytes, without CR LF; default 4096
 * @param idleTimeout              closing a connection silent this long; default 5 minutes
 * @param commandsPerMinute        commands per connection and minute before it is closed; default 600
 * @param maxBlockingOperations    blocking operations (store, directory, S3) in flight per server;
 *                                 default 256
 * @param shutdownGrace            how long a draining server lets sessions finish; default 30 seconds
 */
public record ServerLimits(Integer maxConnections, Integer maxConnectionsPerAddress, Integer maxLineLength,
                           Duration idleTimeout, Integer commandsPerMinute, Integer maxBlockingOperations,
                           Duration shutdownGrace) {

    public static final int DEFAULT_MAX_CONNECTIONS = 2000;
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 20;
    public static final int DEFAULT_MAX_LINE_LENGTH = 4096;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);
    public static final int DEFAULT_COMMANDS_PER_MINUTE = 600;
    public static final int DEFAULT_MAX_BLOCKING_OPERATIONS = 256;
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);

    public ServerLimits {
        maxConnections = positiveOr(maxConnections, DEFAULT_MAX_CONNECTIONS);
        maxConnectionsPerAddress = positiveOr(maxConnectionsPerAddress, DEFAULT_MAX_CONNECTIONS_PER_ADDRESS);
        maxLineLength = positiveOr(maxLineLength, DEFAULT_MAX_LINE_LENGTH);
        idleTimeout = positiveOr(idleTimeout, DEFAULT_IDLE_TIMEOUT);
        commandsPerMinute = positiveOr(commandsPerMinute, DEFAULT_COMMANDS_PER_MINUTE);
        maxBlockingOperations = positiveOr(maxBlockingOperations, DEFAULT_MAX_BLOCKING_OPERATIONS);
        shutdownGrace = shutdownGrace == null || shutdownGrace.isNegative() ? DEFAULT_SHUTDOWN_GRACE : shutdownGrace;
    }

    /** All defaults. */
    public static ServerLimits defaults() {
        return new ServerLimits(null, null, null, null, null, null, null);
    }

    private static Integer positiveOr(Integer value, int fallback) {
        return value == null || value <= 0 ? fallback : value;
    }

    private static Duration positiveOr(Duration value, Duration fallback) {
        return value == null || value.isZero() || value.isNegative() ? fallback : value;
    }
}
