package org.mailplatform.imap.config;

import java.time.Duration;

import org.mailplatform.protocol.server.Transport;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code mail.imap.*}: listeners, authentication policy and limits of the IMAP server.
 *
 * @param bindAddress              address the listeners bind (default all)
 * @param port                     IMAP with STARTTLS (default 143; 0 picks a free port; negative disables)
 * @param imapsPort                IMAP over implicit TLS (default 993; 0 free port; negative disables;
 *                                 needs {@code mail.tls.*})
 * @param proxyProtocol            every connection starts with a PROXY protocol header (only behind a
 *                                 load balancer that sends one)
 * @param serverName               name in the greeting
 * @param allowPlaintextAuth       allow LOGIN / AUTHENTICATE PLAIN without TLS from non-loopback
 *                                 addresses (default false: LOGINDISABLED, as Dovecot does)
 * @param preAuthIdleTimeout       idle timeout before login (default 60s)
 * @param idleTimeout              idle timeout after login; RFC 9051 section 5.4 asks for at least 30
 *                                 minutes (default 30m)
 * @param maxFailedLogins          failed logins per connection before it is closed (default 3)
 * @param maxLineLength            longest command line in bytes (default 65536)
 * @param maxLiteralSize           largest literal other than APPEND's message (default 65536)
 * @param maxCommandSize           all lines and literals of one command, APPEND's message excluded
 *                                 (default 262144)
 * @param appendLimit              largest message APPEND accepts, the APPENDLIMIT (default 50 MiB)
 * @param maxConnections           open connections per node (default 2000)
 * @param maxConnectionsPerAddress open connections per client address (default 20)
 * @param maxConnectionsPerUser    authenticated connections per user and node; the next login gets
 *                                 {@code NO [LIMIT]} (default 50)
 * @param commandsPerMinute        commands per connection and minute before it is closed (default 600)
 * @param maxBlockingOperations    directory/store/S3 calls in flight per node (default 256)
 * @param shutdownGrace            how long a stopping node lets commands finish (default 30s)
 * @param writeTimeout             how long FETCH waits for a client that reads none of a large response
 *                                 before closing the connection (default 5m)
 * @param closeLinger              when the server ends a connection (BYE after an error, a limit, a drain), how long
 *                                 it keeps reading and discarding what the client still sends, so the
 *                                 BYE is not lost to a TCP reset (default 2s; 0 = close at once)
 * @param idleSafetyPoll           how often an IDLE session reads its mailbox even without news from
 *                                 {@code mailbox.changes}, in case events were lost (default 60s; 0 = never)
 * @param formatCacheSize          heap for ENVELOPE/BODYSTRUCTURE strings kept formatted, by message
 *                                 blob (default 16MB, at most 1/32 of the heap; 0 = format every time)
 * @param managesievePort          ManageSieve (RFC 5804) with STARTTLS, on the same bind address, certificate
 *                                 and PROXY setting as IMAP (default 4190; 0 free port; negative disables).
 *                                 It shares IMAP's plaintext rule, idle timeouts, failed-login, line, literal,
 *                                 command-size, connection, command-rate and blocking-operation limits; the
 *                                 script limits are the store's ({@code mail.store.sieve.*})
 * @param managesieveMaxBadCommands invalid or misplaced ManageSieve commands per connection before {@code BYE}
 *                                 (default 20)
 * @param transport                the IMAP and ManageSieve listeners' socket layer: {@code auto} (default: Linux
 *                                 epoll where Netty's native library loads, else NIO), {@code nio}, or
 *                                 {@code epoll} (no start without it)
 */
@ConfigurationProperties("mail.imap")
public record ImapProperties(@DefaultValue("0.0.0.0") String bindAddress, @DefaultValue("143") int port,
                             @DefaultValue("993") int imapsPort, @DefaultValue("false") boolean proxyProtocol,
                             @DefaultValue("mail-platform") String serverName,
                             @DefaultValue("false") boolean allowPlaintextAuth,
                             @DefaultValue("60s") Duration preAuthIdleTimeout,
                             @DefaultValue("30m") Duration idleTimeout,
                             @DefaultValue("3") int maxFailedLogins,
                             @DefaultValue("65536") int maxLineLength,
                             @DefaultValue("65536") int maxLiteralSize,
                             @DefaultValue("262144") int maxCommandSize,
                             @DefaultValue("52428800") long appendLimit,
                             @DefaultValue("2000") int maxConnections,
                             @DefaultValue("20") int maxConnectionsPerAddress,
                             @DefaultValue("50") int maxConnectionsPerUser,
                             @DefaultValue("600") int commandsPerMinute,
                             @DefaultValue("256") int maxBlockingOperations,
                             @DefaultValue("30s") Duration shutdownGrace,
                             @DefaultValue("5m") Duration writeTimeout,
                             @DefaultValue("60s") Duration idleSafetyPoll,
                             @DefaultValue("2s") Duration closeLinger,
                             org.springframework.util.unit.DataSize formatCacheSize,
                             @DefaultValue("4190") int managesievePort,
                             @DefaultValue("20") int managesieveMaxBadCommands,
                             @DefaultValue("auto") Transport transport) {

    public ImapProperties {
        // 16MB, but at most 1/32 of the heap, as the store sizes its caches
        formatCacheSize = formatCacheSize != null ? formatCacheSize
                : org.mailplatform.store.config.MailboxStoreProperties.heapShare(16, 32);
    }
}
