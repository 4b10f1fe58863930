package org.mailplatform.pop3.config;

import java.time.Duration;

import org.mailplatform.protocol.server.Transport;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the POP3 server ({@code mail.pop3.*}). Every limit is enforced and has a default.
 *
 * @param bindAddress              address the listeners bind; default {@code 0.0.0.0}
 * @param port                     plaintext port offering STLS (RFC 2595); default 110, 0 picks a free port, -1 disables
 * @param pop3sPort                implicit TLS port (RFC 8314); default 995, 0 picks a free port, -1 disables;
 *                                 opened only when a certificate is configured ({@code mail.tls.*})
 * @param proxyProtocol            expect a PROXY protocol header on every connection (behind a load balancer only); default false
 * @param allowInsecureAuth        allow USER/PASS and AUTH PLAIN on connections that are neither TLS nor loopback; default false
 * @param idleTimeout              autologout timer (RFC 1939 section 3: at least 10 minutes); default 10m
 * @param maxLineLength            longest command line in bytes without CR LF (RFC 2449 allows 253); default 1024
 * @param maxConnections           open connections per node; default 2000
 * @param maxConnectionsPerAddress open connections per client address; default 20
 * @param commandsPerMinute        commands per connection and minute; default 6000 (a retrieve-all of a big
 *                                 maildrop pipelines many); a session may also spend three commands per
 *                                 message of its maildrop beyond it
 * @param maxBlockingOperations    directory/store/S3 operations in flight per node; default 256
 * @param shutdownGrace            how long a stopping node lets sessions finish; default 30s
 * @param maxAuthFailures          failed logins per connection before it is closed; default 3
 * @param maxBadCommands           invalid or misplaced commands per connection before it is closed; default 20
 * @param loginDelay               least time between two logins to one maildrop, advertised as LOGIN-DELAY
 *                                 (RFC 2449 section 6.5) and enforced; default 0 (none, not advertised)
 * @param expireDays               the EXPIRE capability (RFC 2449 section 6.7): -1 advertises NEVER (default);
 *                                 0 makes QUIT delete every retrieved message; n > 0 is advertised as the
 *                                 retention the operator enforces elsewhere
 * @param deletedRetention         keep POP3-deleted messages in Trash this long instead of expunging them;
 *                                 default 0 (expunge at QUIT)
 * @param retentionSweepInterval   how often a node sweeps expired retained messages out of Trash; default 10m
 * @param leaseTtl                 lifetime of a maildrop lock without renewal (renewed every third of it);
 *                                 after a crash the maildrop is free again after at most this; default 60s
 * @param writeTimeout             how long RETR waits for a client that does not read; default 5m
 * @param implementation           text of the IMPLEMENTATION capability; default {@code mail-platform}
 * @param readAheadMessages        after RETR n, how many following messages may be read ahead (asked of the
 *                                 store's caches in batches of a quarter of them); default 256 (fewer, larger
 *                                 MongoDB queries for a first download of small messages; the session bytes bound it),
 *                                 0 disables read-ahead
 * @param readAheadMaxMessageSize  larger messages are never read ahead but streamed; default 64KB
 * @param readAheadSessionBytes    bytes one session may hold read ahead; default 1MB
 * @param readAheadNodeBytes       bytes all sessions of a node may hold read ahead together; default 64MB
 * @param closeLinger              when the server ends a connection (QUIT, autologout, a limit, a drain), how long
 *                                 it reads and drops what the client still sends after the last response
 *                                 before closing (protocol-kit {@code LingeringClose}); default 2s, 0 closes at once
 * @param readAheadParallelReads   most object-store reads one session's read-ahead makes at once, for the
 *                                 messages no cache holds; default 16
 * @param transport                the listeners' socket layer: {@code auto} (default: Linux epoll where Netty's
 *                                 native library loads, else NIO), {@code nio} or {@code epoll} (fails to start
 *                                 without it); protocol-kit {@code Transport}
 */
@ConfigurationProperties("mail.pop3")
public record Pop3Properties(String bindAddress, Integer port, Integer pop3sPort, Boolean proxyProtocol,
                             Boolean allowInsecureAuth, Duration idleTimeout, Integer maxLineLength,
                             Integer maxConnections, Integer maxConnectionsPerAddress, Integer commandsPerMinute,
                             Integer maxBlockingOperations, Duration shutdownGrace, Integer maxAuthFailures,
                             Integer maxBadCommands, Duration loginDelay, Integer expireDays,
                             Duration deletedRetention, Duration retentionSweepInterval, Duration leaseTtl,
                             Duration writeTimeout, String implementation, Integer readAheadMessages,
                             DataSize readAheadMaxMessageSize, DataSize readAheadSessionBytes,
                             DataSize readAheadNodeBytes, Duration closeLinger, Integer readAheadParallelReads,
                             Transport transport) {

    public Pop3Properties {
        bindAddress = bindAddress == null || bindAddress.isBlank() ? "0.0.0.0" : bindAddress;
        port = port == null ? 110 : port;
        pop3sPort = pop3sPort == null ? 995 : pop3sPort;
        proxyProtocol = proxyProtocol != null && proxyProtocol;
        allowInsecureAuth = allowInsecureAuth != null && allowInsecureAuth;
        idleTimeout = idleTimeout == null ? Duration.ofMinutes(10) : idleTimeout;
        maxLineLength = maxLineLength == null ? 1024 : maxLineLength;
        maxConnections = maxConnections == null ? 2000 : maxConnections;
        maxConnectionsPerAddress = maxConnectionsPerAddress == null ? 20 : maxConnectionsPerAddress;
        commandsPerMinute = commandsPerMinute == null ? 6000 : commandsPerMinute;
        maxBlockingOperations = maxBlockingOperations == null ? 256 : maxBlockingOperations;
        shutdownGrace = shutdownGrace == null ? Duration.ofSeconds(30) : shutdownGrace;
        maxAuthFailures = maxAuthFailures == null ? 3 : maxAuthFailures;
        maxBadCommands = maxBadCommands == null ? 20 : maxBadCommands;
        loginDelay = loginDelay == null ? Duration.ZERO : loginDelay;
        expireDays = expireDays == null ? -1 : expireDays;
        deletedRetention = deletedRetention == null ? Duration.ZERO : deletedRetention;
        retentionSweepInterval = retentionSweepInterval == null ? Duration.ofMinutes(10) : retentionSweepInterval;
        leaseTtl = leaseTtl == null ? Duration.ofSeconds(60) : leaseTtl;
        writeTimeout = writeTimeout == null ? Duration.ofMinutes(5) : writeTimeout;
        implementation = implementation == null || implementation.isBlank() ? "mail-platform" : implementation;
        readAheadMessages = readAheadMessages == null ? 256 : readAheadMessages;
        readAheadParallelReads = readAheadParallelReads == null ? 16 : readAheadParallelReads;
        readAheadMaxMessageSize = readAheadMaxMessageSize == null ? DataSize.ofKilobytes(64) : readAheadMaxMessageSize;
        readAheadSessionBytes = readAheadSessionBytes == null ? DataSize.ofMegabytes(1) : readAheadSessionBytes;
        readAheadNodeBytes = readAheadNodeBytes == null ? DataSize.ofMegabytes(64) : readAheadNodeBytes;
        closeLinger = closeLinger == null ? Duration.ofSeconds(2) : closeLinger;
        transport = transport == null ? Transport.AUTO : transport;
        if (readAheadMessages < 0 || readAheadParallelReads < 1 || readAheadMaxMessageSize.isNegative() || readAheadSessionBytes.isNegative()
                || readAheadNodeBytes.isNegative() || readAheadMaxMessageSize.toBytes() > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("mail.pop3.read-ahead-*: must not be negative, parallel reads at least 1, "
                    + "max message size below 2GB");
        }
        if (port < -1 || port > 65535 || pop3sPort < -1 || pop3sPort > 65535) {
            throw new IllegalArgumentException("mail.pop3.port and mail.pop3.pop3s-port must be -1..65535");
        }
        if (maxAuthFailures < 1 || maxBadCommands < 1 || expireDays < -1 || leaseTtl.toMillis() < 300
                || closeLinger.isNegative()) {
            throw new IllegalArgumentException("mail.pop3: max-auth-failures and max-bad-commands must be >= 1, "
                    + "expire-days >= -1, lease-ttl >= 300ms, close-linger >= 0");
        }
    }
}
