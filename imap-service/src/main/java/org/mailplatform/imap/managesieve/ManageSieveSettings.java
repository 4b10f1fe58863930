package org.mailplatform.imap.managesieve;

import java.time.Duration;

import io.netty.handler.ssl.SslContext;

/**
 * What ManageSieve sessions share, from {@code mail.imap.*} (see {@code ImapProperties}).
 *
 * @param serverName         in IMPLEMENTATION and the greeting
 * @param sslContext         for STARTTLS, or {@code null} without a certificate
 * @param allowPlaintextAuth AUTHENTICATE PLAIN without TLS from non-loopback clients
 * @param maxLiteralSize     largest string other than a script (a name, a SASL response)
 * @param maxScriptSize      largest script PUTSCRIPT and CHECKSCRIPT take (HAVESPACE's answer too)
 * @param maxCommandSize     all lines and non-script strings of one command
 * @param preAuthIdleTimeout idle timeout before login
 * @param idleTimeout        idle timeout after login
 * @param maxFailedLogins    failed AUTHENTICATEs per connection before BYE
 * @param maxBadCommands     invalid or misplaced commands per connection before BYE
 * @param closeLinger        how long a BYE'd connection is read and discarded before closing
 */
public record ManageSieveSettings(String serverName, SslContext sslContext, boolean allowPlaintextAuth,
                                  int maxLiteralSize, int maxScriptSize, int maxCommandSize,
                                  Duration preAuthIdleTimeout, Duration idleTimeout, int maxFailedLogins,
                                  int maxBadCommands, Duration closeLinger) {
}
