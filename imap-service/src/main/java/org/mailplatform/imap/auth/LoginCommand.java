package org.mailplatform.imap.auth;

import org.mailplatform.imap.codec.ImapCommand;
import org.mailplatform.imap.session.CommandContext;
import org.mailplatform.imap.session.CommandHandler;

/** LOGIN (RFC 9051 section 6.2.3); refused while LOGINDISABLED is advertised. */
public final class LoginCommand implements CommandHandler<ImapCommand.Login> {

    private final Authenticator authenticator;

    public LoginCommand(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void handle(ImapCommand.Login c, CommandContext ctx) {
        if (!ctx.plaintextAuthAllowed()) {
            ctx.done(Authenticator.privacyRequired(c.tag()));
            return;
        }
        authenticator.authenticate(c.tag(), c.user(), c.password(), ctx);
    }
}
