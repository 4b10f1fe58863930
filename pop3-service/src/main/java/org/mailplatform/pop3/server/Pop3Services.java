package org.mailplatform.pop3.server;

import java.time.Duration;

import io.netty.handler.ssl.SslContext;
import org.mailplatform.directory.client.Directory;
import org.mailplatform.pop3.lease.LeaseKeeper;
import org.mailplatform.pop3.lease.MaildropLeases;
import org.mailplatform.pop3.maildrop.MaildropStore;
import org.mailplatform.protocol.metrics.ProtocolMetrics;
import org.mailplatform.protocol.session.BlockingWork;

/**
 * What every POP3 session of a server shares.
 *
 * @param nodeId       this node's id, part of every lease owner
 * @param sslContext   the TLS context for STLS, or {@code null} without a certificate
 * @param writeTimeout how long a RETR waits for a client that does not read before giving up
 * @param readAhead    the read-ahead limits and the node's read-ahead byte budget
 * @param sessions     the logged-in sessions of this node, for an operator's kick
 */
public record Pop3Services(String nodeId, Directory directory, MaildropStore maildrops, MaildropLeases leases,
                           LeaseKeeper keeper, BlockingWork blocking, ProtocolMetrics metrics, SslContext sslContext,
                           Pop3Policy policy, Duration writeTimeout, ReadAheadLimits readAhead,
                           Pop3Sessions sessions) {
}
