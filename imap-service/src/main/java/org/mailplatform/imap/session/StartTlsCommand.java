package org.mailplatform.imap.session;

import org.mailplatform.imap.codec.ImapCommand;
import org.mailplatform.imap.codec.ImapResponse;
import org.mailplatform.protocol.tls.StartTls;

/**
 * STARTTLS (RFC 9051 section 6.2.1): pipelined plaintext after the command is discarded, the TLS
 * handler goes in before the OK is written, and the client must ask for CAPABILITY again.
 */
public final class StartTlsCommand implements CommandHandler<ImapCommand.StartTls> {

    @Override
    public void handle(ImapCommand.StartTls c, CommandContext ctx) {
        if (ctx.tls()) {
            ctx.done(new ImapResponse.Tagged(c.tag(), ImapResponse.Condition.BAD, null, "TLS is already active"));
            return;
        }
        if (!StartTls.available(ctx.channel(), ctx.connection().listener(), ctx.settings().sslContext())) {
            ctx.done(new ImapResponse.Tagged(c.tag(), ImapResponse.Condition.BAD, null, "STARTTLS is not offered here"));
            return;
        }
        ((ImapSession) ctx).startTls(new ImapResponse.Tagged(c.tag(), ImapResponse.Condition.OK, null,
                "Begin TLS negotiation now"));
    }
}
