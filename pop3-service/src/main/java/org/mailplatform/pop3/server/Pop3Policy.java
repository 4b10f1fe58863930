package org.mailplatform.pop3.server;

import java.time.Duration;

/**
 * The operator's POP3 policy as a session needs it.
 *
 * @param allowInsecureAuth  allow USER/PASS and AUTH PLAIN on connections that are neither TLS nor loopback
 * @param maxAuthFailures    failed logins per connection before it is closed
 * @param maxBadCommands     invalid or misplaced commands per connection before it is closed
 * @param loginDelay         least time between two logins to a maildrop (RFC 2449 LOGIN-DELAY); zero for none
 * @param expireDays         EXPIRE advertised (RFC 2449 section 6.7): days messages stay after
 *                           retrieval, {@code -1} for NEVER; {@code 0} makes QUIT delete every retrieved message
 * @param implementation     the IMPLEMENTATION capability's text
 * @param closeLinger        how long input is read and dropped after the last response before the connection
 *                           closes (protocol-kit {@code LingeringClose}); zero closes at once
 */
public record Pop3Policy(boolean allowInsecureAuth, int maxAuthFailures, int maxBadCommands, Duration loginDelay,
                         int expireDays, String implementation, Duration closeLinger) {
}
