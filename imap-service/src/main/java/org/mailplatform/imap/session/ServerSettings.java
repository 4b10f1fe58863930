package org.mailplatform.imap.session;

import java.time.Duration;

import io.netty.handler.ssl.SslContext;
import org.mailplatform.imap.codec.DecoderLimits;

/**
 * The protocol settings every connection of one server shares.
 *
 * @param serverName              name in the greeting and in ID
 * @param sslContext              for STARTTLS, or {@code null} without TLS
 * @param allowPlaintextAuth      allow LOGIN and AUTHENTICATE PLAIN without TLS from any address
 * @param limits                  the decoder's line, literal, command and APPEND limits
 * @param preAuthIdleTimeout      idle timeout before login
 * @param authenticatedIdleTimeout idle timeout after login (RFC 9051 section 5.4: at least 30 minutes)
 * @param maxFailedLogins         failed logins on one connection before it is closed
 * @param maxConnectionsPerUser   authenticated connections of one user on this node
 * @param closeLinger             how long a connection the server ends reads and drops input after its
 *                                BYE before it is closed (protocol-kit {@code LingeringClose})
 */
public record ServerSettings(String serverName, SslContext sslContext, boolean allowPlaintextAuth, DecoderLimits limits,
                             Duration preAuthIdleTimeout, Duration authenticatedIdleTimeout, int maxFailedLogins, int maxConnectionsPerUser,
                             Duration closeLinger) {
}
