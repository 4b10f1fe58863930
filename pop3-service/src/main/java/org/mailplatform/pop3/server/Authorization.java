package org.mailplatform.pop3.server;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;

import io.netty.channel.ChannelHandlerContext;
import org.mailplatform.pop3.codec.Pop3Command;
import org.mailplatform.pop3.codec.Pop3Response;
import org.mailplatform.pop3.codec.Pop3SyntaxException;
import org.mailplatform.pop3.codec.ResponseCode;
import org.mailplatform.pop3.codec.SaslPlain;
import org.mailplatform.protocol.server.Listener;
import org.mailplatform.protocol.server.PipelineSlots;
import org.mailplatform.protocol.session.ConnectionInfo;
import org.mailplatform.protocol.tls.PlaintextAuth;
import org.mailplatform.protocol.tls.StartTls;
import org.mailplatform.protocol.tls.TlsInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AUTHORIZATION state of one connection: USER/PASS (RFC 1939 section 7), AUTH PLAIN (RFC 5034,
 * with or without an initial response) and STLS (RFC 2595 section 4). Plaintext credentials are
 * refused without TLS unless the connection is from loopback or the policy allows it; too many
 * failed logins close the connection. The session owns the connection and the TRANSACTION state:
 * a successful login is handed to it as {@link LoginOutcome.LoggedIn}.
 */
final class Authorization {

    private static final Logger log = LoggerFactory.getLogger(Authorization.class);

    /** What the authorization asks of the connection's session. */
    interface Session {

        /** The client's address, once admitted. */
        ConnectionInfo info();

        /** Answers and reads the next command. */
        void reply(ChannelHandlerContext ctx, Pop3Response response);

        /** Answers a command that was not acceptable (counted against the bad-command limit). */
        void bad(ChannelHandlerContext ctx, Pop3Response.Err response);

        /** Answers and closes. */
        void close(ChannelHandlerContext ctx, Pop3Response response);

        /** Counts the command in flight with {@code outcome}. */
        void count(String outcome);

        /** Runs {@code work} off the event loop; {@code then} gets its result on it. */
        <T> void blocking(ChannelHandlerContext ctx, Callable<T> work, BiConsumer<T, Throwable> then);

        /** The login succeeded on a live connection: the session enters TRANSACTION. */
        void loggedIn(ChannelHandlerContext ctx, LoginOutcome.LoggedIn in);

        /** The login succeeded after the connection was gone: its maildrop lock must go. */
        void abandoned(LoginOutcome.LoggedIn in);
    }

    private final Listener listener;
    private final Pop3Services services;
    private final Pop3Policy policy;
    private final Session session;
    private String userName;
    private int authFailures;

    Authorization(Listener listener, Pop3Services services, Session session) {
        this.listener = listener;
        this.services = services;
        this.policy = services.policy();
        this.session = session;
    }

    void user(ChannelHandlerContext ctx, String name) {
        if (!plaintextAllowed(ctx)) {
            session.reply(ctx, insecure());
            return;
        }
        userName = name;
        session.reply(ctx, Pop3Response.ok("Send PASS"));
    }

    void pass(ChannelHandlerContext ctx, String secret) {
        String name = userName;
        userName = null;
        if (name == null) {
            session.bad(ctx, Pop3Response.err("Give USER first"));
            return;
        }
        login(ctx, name, secret);
    }

    void auth(ChannelHandlerContext ctx, Pop3Command.Auth auth) {
        if (auth.mechanism() == null) {
            session.reply(ctx, new Pop3Response.MultiLine("", plaintextAllowed(ctx) ? List.of(SaslPlain.MECHANISM) : List.of()));
        } else if (!SaslPlain.MECHANISM.equals(auth.mechanism())) {
            session.reply(ctx, Pop3Response.err("Unsupported authentication mechanism"));
        } else if (!plaintextAllowed(ctx)) {
            session.reply(ctx, insecure());
        } else if (auth.initialResponse() != null) {
            plain(ctx, auth.initialResponse());
        } else {
            ((Pop3Decoder) ctx.pipeline().get(PipelineSlots.DECODER)).expectSaslResponse();
            ctx.writeAndFlush(new Pop3Response.Continuation(""));
            ctx.read();
        }
    }

    /** The client's answer to AUTH's empty challenge. */
    void saslResponse(ChannelHandlerContext ctx, String line) {
        if (SaslPlain.cancelled(line)) {
            session.reply(ctx, Pop3Response.err("Authentication cancelled"));
            return;
        }
        plain(ctx, line);
    }

    void stls(ChannelHandlerContext ctx) {
        if (!stlsAvailable(ctx)) {
            session.reply(ctx, Pop3Response.err(TlsInfo.active(ctx.channel()) ? "Already using TLS" : "STLS not available"));
            return;
        }
        userName = null;
        session.count("ok");
        StartTls.begin(ctx.channel(), services.sslContext(), Pop3Response.ok("Begin TLS negotiation"));
        ctx.read();
    }

    /** TLS is up: what was said in plaintext (a USER) is forgotten. */
    void tlsStarted() {
        userName = null;
    }

    boolean plaintextAllowed(ChannelHandlerContext ctx) {
        return PlaintextAuth.allowed(ctx.channel(), session.info(), policy.allowInsecureAuth());
    }

    boolean stlsAvailable(ChannelHandlerContext ctx) {
        return StartTls.available(ctx.channel(), listener, services.sslContext());
    }

    private void plain(ChannelHandlerContext ctx, String base64) {
        SaslPlain.Credentials credentials;
        try {
            credentials = SaslPlain.decode(base64);
        } catch (Pop3SyntaxException e) {
            failedLogin(ctx, e.response());
            return;
        }
        if (!credentials.authzid().isEmpty() && !credentials.authzid().equals(credentials.authcid())) {
            failedLogin(ctx, Pop3Response.err(ResponseCode.AUTH, "Acting as another user is not allowed"));
            return;
        }
        login(ctx, credentials.authcid(), credentials.password());
    }

    private void login(ChannelHandlerContext ctx, String login, String secret) {
        ConnectionInfo info = session.info();
        InetAddress client = info.client().getAddress();
        String owner = services.nodeId() + "/" + info.id();
        session.blocking(ctx, () -> Login.run(services, login, secret, client, owner), (outcome, failure) -> {
            if (!ctx.channel().isActive()) {
                if (outcome instanceof LoginOutcome.LoggedIn in) {
                    session.abandoned(in);
                }
                return;
            }
            switch (outcome) {
                case null -> {
                    log.warn("POP3 login of {} failed: {}", login, failure.toString());
                    session.reply(ctx, Pop3Response.err(ResponseCode.SYS_TEMP, "Temporary failure; try again later"));
                }
                case LoginOutcome.Refused refused when refused.badCredentials() -> failedLogin(ctx, refused.response());
                case LoginOutcome.Refused refused -> session.reply(ctx, refused.response());
                case LoginOutcome.LoggedIn in -> session.loggedIn(ctx, in);
            }
        });
    }

    private void failedLogin(ChannelHandlerContext ctx, Pop3Response.Err response) {
        authFailures++;
        if (authFailures >= policy.maxAuthFailures()) {
            session.count("perm_fail");
            session.close(ctx, response);
            return;
        }
        session.reply(ctx, response);
    }

    private static Pop3Response.Err insecure() {
        return Pop3Response.err(ResponseCode.AUTH, "Plaintext authentication is not allowed without TLS; use STLS");
    }
}
