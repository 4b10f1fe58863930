package org.mailplatform.pop3.server;

import java.net.InetAddress;

import org.mailplatform.directory.client.AuthResult;
import org.mailplatform.directory.client.Protocol;
import org.mailplatform.pop3.codec.Pop3Response;
import org.mailplatform.pop3.codec.ResponseCode;
import org.mailplatform.pop3.lease.LeaseKeeper.HeldLease;
import org.mailplatform.pop3.lease.LeaseOutcome;
import org.mailplatform.pop3.maildrop.Maildrop;

/**
 * The blocking part of USER/PASS and AUTH PLAIN: ask the directory, lock the maildrop, snapshot
 * it. Failures are answered per RFC 3206: wrong credentials {@code [AUTH]}, directory or store
 * unreachable {@code [SYS/TEMP]}; a locked maildrop {@code [IN-USE]} (RFC 2449 section 8.1.2).
 */
final class Login {

    private Login() {
    }

    static LoginOutcome run(Pop3Services services, String login, String secret, InetAddress client, String owner) {
        // before the check: a kick this node reads after this time ends the login (Pop3Sessions)
        long checkedAt = services.sessions().now();
        AuthResult result = services.directory().authenticate(login, secret, Protocol.POP3, client);
        return switch (result) {
            case AuthResult.Rejected rejected ->
                    new LoginOutcome.Refused(Pop3Response.err(ResponseCode.AUTH, "Authentication failed"), true);
            case AuthResult.Unavailable unavailable -> new LoginOutcome.Refused(
                    Pop3Response.err(ResponseCode.SYS_TEMP, "Authentication is unavailable; try again later"), false);
            case AuthResult.Authenticated authenticated -> lock(services, authenticated, owner, checkedAt);
        };
    }

    private static LoginOutcome lock(Pop3Services services, AuthResult.Authenticated authenticated, String owner,
                                     long checkedAt) {
        LeaseOutcome lease = services.leases().acquire(authenticated.principal(), owner);
        return switch (lease) {
            case LeaseOutcome.InUse inUse -> new LoginOutcome.Refused(
                    Pop3Response.err(ResponseCode.IN_USE, "Maildrop is in use by another session"), false);
            case LeaseOutcome.TooSoon tooSoon -> new LoginOutcome.Refused(Pop3Response.err(ResponseCode.LOGIN_DELAY,
                    "Wait " + Math.max(1, tooSoon.retryAfter().toSeconds()) + " seconds before logging in again"), false);
            case LeaseOutcome.Acquired acquired -> {
                HeldLease held = services.keeper().keep(acquired.lease());
                try {
                    Maildrop maildrop = services.maildrops().open(authenticated.principal());
                    yield new LoginOutcome.LoggedIn(authenticated.principal(), held, maildrop, checkedAt);
                } catch (RuntimeException e) {
                    services.keeper().release(held);
                    throw e;
                }
            }
        };
    }
}
