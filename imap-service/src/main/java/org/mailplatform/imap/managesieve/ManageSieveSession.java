package org.mailplatform.imap.managesieve;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.mailplatform.directory.client.AuthResult;
import org.mailplatform.directory.client.Directory;
import org.mailplatform.directory.client.Protocol;
import org.mailplatform.model.Principal;
import org.mailplatform.protocol.metrics.ProtocolMetrics;
import org.mailplatform.protocol.server.Listener;
import org.mailplatform.protocol.server.PipelineSlots;
import org.mailplatform.protocol.session.BlockingWork;
import org.mailplatform.protocol.session.ConnectionInfo;
import org.mailplatform.protocol.session.IdleTimeout;
import org.mailplatform.protocol.session.LingeringClose;
import org.mailplatform.protocol.session.SessionEvent;
import org.mailplatform.protocol.tls.PlaintextAuth;
import org.mailplatform.protocol.tls.StartTls;
import org.mailplatform.protocol.tls.TlsInfo;
import org.mailplatform.sieve.SieveCompiler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slot "session": the ManageSieve state machine of one connection (RFC 5804). Two states, as the
 * RFC has them: not authenticated (AUTHENTICATE, STARTTLS, CAPABILITY, NOOP, LOGOUT) and
 * authenticated (everything but AUTHENTICATE and STARTTLS). Runs on the channel's event loop; one
 * command at a time, the next asked for only after the answer. Directory and store calls go to
 * {@link BlockingWork}, the answer comes back here.
 *
 * <p>Authentication is IMAP's: the directory with protocol IMAP (ManageSieve has no app-password
 * kind of its own; it serves IMAP's users), every refusal alike ({@code NO}), a directory or store
 * that cannot answer {@code NO (TRYLATER)}, too many failures {@code BYE}; PLAIN only over TLS or
 * from loopback (protocol-kit's {@link PlaintextAuth}), else {@code NO (ENCRYPT-NEEDED)}.
 */
final class ManageSieveSession extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ManageSieveSession.class);
    private static final String SHUTTING_DOWN = "Server shutting down";

    enum State { NOT_AUTHENTICATED, AUTHENTICATED }

    private final Listener listener;
    private final ManageSieveSettings settings;
    private final Directory directory;
    private final ScriptCommands scripts;
    private final BlockingWork blocking;
    private final ProtocolMetrics metrics;
    private ConnectionInfo info;
    private State state = State.NOT_AUTHENTICATED;
    private Principal principal;
    private int badCommands;
    private int failedLogins;
    private boolean busy;
    private boolean draining;
    private boolean ending;
    private String command = "none";
    private long commandStart;

    ManageSieveSession(Listener listener, ManageSieveSettings settings, Directory directory, ScriptCommands scripts,
                       BlockingWork blocking, ProtocolMetrics metrics) {
        this.listener = listener;
        this.settings = settings;
        this.directory = directory;
        this.scripts = scripts;
        this.blocking = blocking;
        this.metrics = metrics;
    }

    // ---- connection events ----

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        switch (evt) {
            case SessionEvent.Admitted admitted -> {
                info = admitted.info();
                IdleTimeout.set(ctx.channel(), settings.preAuthIdleTimeout());
                ctx.write(capabilities(ctx));
                ctx.writeAndFlush(SieveResponse.ok(settings.serverName() + " ManageSieve ready"));
                ctx.read();
            }
            case SessionEvent.Rejected rejected -> bye(ctx, SieveResponse.bye(SieveResponse.Code.TRYLATER, "Too many connections"));
            case SessionEvent.IdleTimedOut idle -> {
                if (!busy) {
                    bye(ctx, SieveResponse.bye(null, "Disconnected for inactivity"));
                }
            }
            case SessionEvent.CommandRateExceeded rate -> bye(ctx, SieveResponse.bye(SieveResponse.Code.TRYLATER, "Too many commands"));
            case SessionEvent.Draining d -> {
                draining = true;
                if (!busy) {
                    bye(ctx, SieveResponse.bye(SieveResponse.Code.TRYLATER, SHUTTING_DOWN));
                }
            }
            case SslHandshakeCompletionEvent done when !done.isSuccess() -> ctx.close();
            case SslHandshakeCompletionEvent done -> {
                // RFC 5804 section 2.2: after the handshake the server re-issues its capabilities unasked
                ctx.write(capabilities(ctx));
                ctx.writeAndFlush(SieveResponse.ok("TLS negotiation successful"));
            }
            default -> ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("ManageSieve connection {} failed: {}", info == null ? "?" : info.id(), cause.toString());
        if (!ending && ctx.channel().isActive()) {
            bye(ctx, SieveResponse.bye(SieveResponse.Code.TRYLATER, "Internal error"));
        } else {
            ctx.close();
        }
    }

    // ---- commands ----

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (ending) {
            return;
        }
        commandStart = System.nanoTime();
        switch ((SieveInput) msg) {
            case SieveInput.Invalid invalid when invalid.fatal() -> {
                command = "invalid";
                count("bad");
                bye(ctx, invalid.response());
            }
            case SieveInput.Invalid invalid -> {
                command = "invalid";
                bad(ctx, invalid.response());
            }
            case SieveInput.SaslResponse response -> saslResponse(ctx, response.text());
            case SieveInput.Command c -> {
                command = c.command().keyword();
                if (c.command().needsLogin() && state != State.AUTHENTICATED) {
                    bad(ctx, SieveResponse.no("Authenticate first"));
                } else {
                    dispatch(ctx, c.command());
                }
            }
        }
    }

    private void dispatch(ChannelHandlerContext ctx, SieveCommand c) {
        switch (c) {
            case SieveCommand.Capability cap -> {
                ctx.write(capabilities(ctx));
                reply(ctx, SieveResponse.ok("Capability completed"));
            }
            case SieveCommand.Noop noop -> reply(ctx, noop.tag() == null ? SieveResponse.ok("Done")
                    : SieveResponse.ok(SieveResponse.Code.tag(noop.tag()), "Done"));
            case SieveCommand.Logout logout -> {
                count("ok");
                bye(ctx, SieveResponse.ok("Logout completed"));
            }
            case SieveCommand.StartTls s -> startTls(ctx);
            case SieveCommand.Authenticate a -> authenticate(ctx, a);
            case SieveCommand.Unauthenticate u -> {
                principal = null;
                state = State.NOT_AUTHENTICATED;
                IdleTimeout.set(ctx.channel(), settings.preAuthIdleTimeout());
                reply(ctx, SieveResponse.ok("Unauthenticate completed"));
            }
            default -> {
                Principal user = principal;
                run(ctx, () -> scripts.run(user, c), responses -> {
                    for (int i = 0; i < responses.size() - 1; i++) {
                        ctx.write(responses.get(i));
                    }
                    reply(ctx, (SieveResponse.Done) responses.getLast());
                });
            }
        }
    }

    // ---- STARTTLS and AUTHENTICATE ----

    private void startTls(ChannelHandlerContext ctx) {
        if (state == State.AUTHENTICATED || !StartTls.available(ctx.channel(), listener, settings.sslContext())) {
            reply(ctx, SieveResponse.no(TlsInfo.active(ctx.channel()) ? "TLS is already active" : "STARTTLS is not available"));
            return;
        }
        count("ok");
        StartTls.begin(ctx.channel(), settings.sslContext(), SieveResponse.ok("Begin TLS negotiation now"));
        ctx.read();
    }

    private void authenticate(ChannelHandlerContext ctx, SieveCommand.Authenticate a) {
        if (state == State.AUTHENTICATED) {
            bad(ctx, SieveResponse.no("Already authenticated"));
        } else if (!a.mechanism().equalsIgnoreCase("PLAIN")) {
            reply(ctx, SieveResponse.no("Unsupported authentication mechanism"));
        } else if (!plaintextAllowed(ctx)) {
            reply(ctx, SieveResponse.no(SieveResponse.Code.ENCRYPT_NEEDED, "Use STARTTLS before authenticating"));
        } else if (a.initialResponse() != null) {
            plain(ctx, a.initialResponse());
        } else {
            ((SieveRequestDecoder) ctx.pipeline().get(PipelineSlots.DECODER)).expectSaslResponse();
            ctx.writeAndFlush(new SieveResponse.Challenge(""));
            ctx.read();
        }
    }

    private void saslResponse(ChannelHandlerContext ctx, String text) {
        if (text == null) {
            bad(ctx, SieveResponse.no("Expected the SASL response as one string"));
        } else if (text.equals("*")) {
            reply(ctx, SieveResponse.no("Authentication cancelled"));
        } else {
            plain(ctx, text);
        }
    }

    private void plain(ChannelHandlerContext ctx, String base64) {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            bad(ctx, SieveResponse.no("Invalid base64 in the SASL response"));
            return;
        }
        // RFC 4616 section 2: [authzid] NUL authcid NUL passwd
        String[] parts = new String(decoded, StandardCharsets.UTF_8).split("\0", -1);
        if (parts.length != 3 || parts[1].isEmpty()) {
            bad(ctx, SieveResponse.no("Invalid PLAIN response"));
            return;
        }
        if (!parts[0].isEmpty() && !parts[0].equals(parts[1])) {
            failedLogin(ctx, SieveResponse.no("Acting as another user is not allowed"));
            return;
        }
        String user = parts[1];
        String password = parts[2];
        InetAddress client = info.client().getAddress();
        run(ctx, () -> directory.authenticate(user, password, Protocol.IMAP, client), result -> {
            switch (result) {
                case AuthResult.Authenticated a -> {
                    principal = a.principal();
                    state = State.AUTHENTICATED;
                    IdleTimeout.set(ctx.channel(), settings.idleTimeout());
                    reply(ctx, SieveResponse.ok("Logged in"));
                }
                case AuthResult.Rejected r -> {
                    log.info("ManageSieve login refused ({}) from {}", r.reason(), client);
                    failedLogin(ctx, SieveResponse.no("Authentication failed"));
                }
                case AuthResult.Unavailable u -> {
                    log.warn("directory unavailable for ManageSieve login: {}", u.detail());
                    reply(ctx, tryLater());
                }
            }
        });
    }

    private void failedLogin(ChannelHandlerContext ctx, SieveResponse.Done response) {
        failedLogins++;
        if (failedLogins >= settings.maxFailedLogins()) {
            count("no");
            ctx.write(response);
            bye(ctx, SieveResponse.bye(null, "Too many failed authentications"));
            return;
        }
        reply(ctx, response);
    }

    private boolean plaintextAllowed(ChannelHandlerContext ctx) {
        return PlaintextAuth.allowed(ctx.channel(), info, settings.allowPlaintextAuth());
    }

    private SieveResponse.Lines capabilities(ChannelHandlerContext ctx) {
        List<String> lines = new ArrayList<>();
        lines.add("\"IMPLEMENTATION\" " + SieveResponse.string(settings.serverName() + " ManageSieve"));
        lines.add("\"SASL\" " + SieveResponse.string(state == State.NOT_AUTHENTICATED && plaintextAllowed(ctx) ? "PLAIN" : ""));
        lines.add("\"SIEVE\" " + SieveResponse.string(String.join(" ", SieveCompiler.EXTENSIONS)));
        if (state == State.NOT_AUTHENTICATED && StartTls.available(ctx.channel(), listener, settings.sslContext())) {
            lines.add("\"STARTTLS\"");
        }
        lines.add("\"UNAUTHENTICATE\"");
        if (principal != null) {
            lines.add("\"OWNER\" " + SieveResponse.string(principal.address()));
        }
        lines.add("\"VERSION\" \"1.0\"");
        return new SieveResponse.Lines(lines);
    }

    // ---- plumbing ----

    /** Runs {@code work} on a blocking thread; a failure, or a full pool, is a temporary one for the client. */
    private <T> void run(ChannelHandlerContext ctx, java.util.concurrent.Callable<T> work, java.util.function.Consumer<T> then) {
        busy = true;
        blocking.run(ctx.channel(), work, (result, failure) -> {
            busy = false;
            if (!ctx.channel().isActive()) {
                return;
            }
            if (failure != null) {
                log.warn("ManageSieve {} failed: {}", command, failure.toString());
                reply(ctx, tryLater());
                return;
            }
            then.accept(result);
        });
    }

    private void bad(ChannelHandlerContext ctx, SieveResponse.Done response) {
        badCommands++;
        if (badCommands >= settings.maxBadCommands()) {
            count("bad");
            ctx.write(response);
            bye(ctx, SieveResponse.bye(null, "Too many invalid commands"));
            return;
        }
        reply(ctx, response);
    }

    /** Writes the command's final response and asks for the next command (or ends a draining session). */
    private void reply(ChannelHandlerContext ctx, SieveResponse.Done response) {
        count(outcome(response));
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        if (draining) {
            bye(ctx, SieveResponse.bye(SieveResponse.Code.TRYLATER, SHUTTING_DOWN));
        } else {
            ctx.read();
        }
    }

    /** Says the last word and closes so that it reaches a client still sending (protocol-kit's LingeringClose). */
    private void bye(ChannelHandlerContext ctx, SieveResponse.Done last) {
        if (ending) {
            return;
        }
        ending = true;
        ctx.writeAndFlush(last).addListener(LingeringClose.after(settings.closeLinger()));
    }

    private void count(String outcome) {
        metrics.command(command, outcome, Duration.ofNanos(System.nanoTime() - commandStart));
    }

    private static SieveResponse.Done tryLater() {
        return SieveResponse.no(SieveResponse.Code.TRYLATER, "Temporarily unavailable; try again later");
    }

    private static String outcome(SieveResponse.Done response) {
        return switch (response.kind()) {
            case OK -> "ok";
            case NO -> response.code() == SieveResponse.Code.TRYLATER ? "temp_fail" : "no";
            case BYE -> "bye";
        };
    }
}
