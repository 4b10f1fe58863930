package org.mailplatform.imap.auth;

import java.net.InetAddress;

import org.mailplatform.directory.client.AuthResult;
import org.mailplatform.directory.client.Directory;
import org.mailplatform.directory.client.Protocol;
import org.mailplatform.imap.codec.ImapResponse;
import org.mailplatform.imap.codec.ResponseCode;
import org.mailplatform.imap.session.Capabilities;
import org.mailplatform.imap.session.CommandContext;
import org.mailplatform.store.MailboxStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a user name and password with the {@link Directory} off the event loop and ends the
 * command: OK with the new CAPABILITY (RFC 9051 section 6.2.3), {@code NO [AUTHENTICATIONFAILED]}
 * for every refusal alike, {@code NO [UNAVAILABLE]} when the directory cannot answer. Too many
 * failures close the connection.
 */
public final class Authenticator {

    private static final Logger log = LoggerFactory.getLogger(Authenticator.class);

    private final Directory directory;
    private final MailboxStore store;

    /** @param store gets the user's default mailboxes (INBOX, Sent, ...) made at login if missing */
    public Authenticator(Directory directory, MailboxStore store) {
        this.directory = directory;
        this.store = store;
    }

    void authenticate(String tag, String user, String password, CommandContext ctx) {
        InetAddress client = ctx.connection().client().getAddress();
        // before the check: a kick read after this time ends a login still in flight
        long checkedAt = ctx.loginCheckStart();
        ctx.blocking(() -> {
            AuthResult r = directory.authenticate(user, password, Protocol.IMAP, client);
            if (r instanceof AuthResult.Authenticated a) {
                store.ensureDefaultMailboxes(a.principal());
            }
            return r;
        }, (result, failure) -> {
            if (failure != null) {
                log.warn("login failed for lack of directory or store: {}", failure.toString());
                ctx.done(no(tag, ResponseCode.UNAVAILABLE, "authentication is unavailable, try again later"));
                return;
            }
            switch (result) {
                case AuthResult.Authenticated a -> {
                    switch (ctx.loggedIn(a.principal(), checkedAt)) {
                        case ADDED -> ctx.done(new ImapResponse.Tagged(tag, ImapResponse.Condition.OK,
                                ResponseCode.capability(Capabilities.of(ctx)), "logged in"));
                        case LIMIT -> ctx.done(no(tag, ResponseCode.LIMIT,
                                "too many connections for this user, close another one"));
                        case REVOKED -> {
                            log.info("IMAP login of user {} refused: the user's sessions were ended during it",
                                    a.principal().userId());
                            ctx.done(no(tag, ResponseCode.UNAVAILABLE, "session ended by the administrator"));
                        }
                    }
                }
                case AuthResult.Rejected r -> {
                    log.info("IMAP login refused ({}) from {}", r.reason(), client);
                    if (ctx.data().failedLogin() >= ctx.settings().maxFailedLogins()) {
                        ctx.send(no(tag, ResponseCode.AUTHENTICATIONFAILED, "authentication failed"));
                        ctx.bye("too many failed logins");
                    } else {
                        ctx.done(no(tag, ResponseCode.AUTHENTICATIONFAILED, "authentication failed"));
                    }
                }
                case AuthResult.Unavailable u -> {
                    log.warn("directory unavailable: {}", u.detail());
                    ctx.done(no(tag, ResponseCode.UNAVAILABLE, "authentication is unavailable, try again later"));
                }
            }
        });
    }

    static ImapResponse.Tagged no(String tag, ResponseCode code, String text) {
        return new ImapResponse.Tagged(tag, ImapResponse.Condition.NO, code, text);
    }

    static ImapResponse.Tagged privacyRequired(String tag) {
        return no(tag, ResponseCode.PRIVACYREQUIRED, "use STARTTLS or port 993 before logging in");
    }
}
