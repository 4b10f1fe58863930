package org.mailplatform.imap.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.mailplatform.imap.codec.ImapCommand;
import org.mailplatform.imap.codec.ImapResponse;
import org.mailplatform.imap.session.CommandContext;
import org.mailplatform.imap.session.CommandHandler;

/**
 * AUTHENTICATE PLAIN (RFC 9051 section 6.2.2, RFC 4616) with an initial response (SASL-IR, RFC
 * 4959) or after an empty continuation request; {@code *} cancels.
 */
public final class AuthenticateCommand implements CommandHandler<ImapCommand.Authenticate> {

    private final Authenticator authenticator;

    public AuthenticateCommand(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void handle(ImapCommand.Authenticate c, CommandContext ctx) {
        if (!c.mechanism().equals("PLAIN")) {
            ctx.done(Authenticator.no(c.tag(), null, "unsupported authentication mechanism"));
            return;
        }
        if (!ctx.plaintextAuthAllowed()) {
            ctx.done(Authenticator.privacyRequired(c.tag()));
            return;
        }
        if (c.initialResponse() != null) {
            plain(c.tag(), c.initialResponse(), ctx);
            return;
        }
        ctx.send(new ImapResponse.Continuation(""));
        ctx.readLine(line -> plain(c.tag(), line.strip(), ctx));
    }

    private void plain(String tag, String response, CommandContext ctx) {
        if (response.equals("*")) {
            ctx.done(new ImapResponse.Tagged(tag, ImapResponse.Condition.BAD, null, "authentication cancelled"));
            return;
        }
        byte[] decoded;
        try {
            decoded = response.equals("=") ? new byte[0] : Base64.getDecoder().decode(response);
        } catch (IllegalArgumentException e) {
            ctx.done(new ImapResponse.Tagged(tag, ImapResponse.Condition.BAD, null, "invalid base64"));
            return;
        }
        // message = [authzid] NUL authcid NUL passwd (RFC 4616 section 2)
        String[] parts = new String(decoded, StandardCharsets.UTF_8).split("\0", -1);
        if (parts.length != 3 || parts[1].isEmpty()) {
            ctx.done(new ImapResponse.Tagged(tag, ImapResponse.Condition.BAD, null, "invalid PLAIN response"));
            return;
        }
        if (!parts[0].isEmpty() && !parts[0].equals(parts[1])) {
            ctx.done(Authenticator.no(tag, org.mailplatform.imap.codec.ResponseCode.AUTHORIZATIONFAILED,
                    "acting as another user is not allowed"));
            return;
        }
        authenticator.authenticate(tag, parts[1], parts[2], ctx);
    }
}
