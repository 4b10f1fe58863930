package org.mailplatform.directory.client;

import java.net.InetAddress;

/**
 * The platform's directory as the protocol services see it: who may log in, and what a recipient
 * address resolves to. Backed by auth-service's internal API.
 *
 * <p>Neither method throws for an unreachable or failing directory: they answer
 * {@link AuthResult.Unavailable} or {@link Resolution.Unavailable}, which callers map to a
 * temporary error (SMTP {@code 451 4.4.3}, IMAP {@code NO [UNAVAILABLE]}, POP3
 * {@code -ERR [SYS/TEMP]}), never to a permanent rejection.
 */
public interface Directory {

    /**
     * Checks a login and secret (password or app password) for the given protocol.
     *
     * @param login    the login as the client sent it (a full address)
     * @param secret   the password or app password; never logged
     * @param protocol the protocol the client is logging in with (app passwords are per protocol)
     * @param client   the client's address, for throttling per client address; may be {@code null}
     *                 when unknown
     * @return the principal, the reason for a refusal, or {@link AuthResult.Unavailable}
     */
    AuthResult authenticate(String login, String secret, Protocol protocol, InetAddress client);

    /**
     * Resolves a recipient address (RFC 5321 {@code RCPT TO} forward-path, RFC 6531 addresses
     * included).
     *
     * @param recipientAddress the address, without angle brackets
     * @return a local user, the expansion of an alias or catch-all, "not a local domain", "unknown
     *         user", or {@link Resolution.Unavailable}
     */
    Resolution resolve(String recipientAddress);
}
