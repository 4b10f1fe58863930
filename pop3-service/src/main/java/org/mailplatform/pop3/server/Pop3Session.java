package org.mailplatform.pop3.server;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.mailplatform.model.Principal;
import org.mailplatform.pop3.codec.Pop3Command;
import org.mailplatform.pop3.codec.Pop3Response;
import org.mailplatform.pop3.codec.Pop3State;
import org.mailplatform.pop3.codec.ResponseCode;
import org.mailplatform.pop3.lease.LeaseKeeper.HeldLease;
import org.mailplatform.pop3.maildrop.Maildrop;
import org.mailplatform.pop3.maildrop.MaildropMessage;
import org.mailplatform.protocol.limit.FlowControl;
import org.mailplatform.protocol.server.Listener;
import org.mailplatform.protocol.server.PipelineSlots;
import org.mailplatform.protocol.session.ConnectionInfo;
import org.mailplatform.protocol.session.LingeringClose;
import org.mailplatform.protocol.session.SessionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slot "session": the POP3 state machine of one connection (RFC 1939 sections 3-6). Runs on the
 * channel's event loop; commands arrive one at a time and the next is asked for only after the
 * response was written. Nothing in the store changes before QUIT in the TRANSACTION state; a
 * connection that ends any other way (drop, timeout, shutdown, operator's kick) only releases its
 * maildrop lock.
 * The AUTHORIZATION commands (USER, PASS, AUTH, STLS) are {@link Authorization}'s, RETR and TOP
 * {@link Retrieval}'s.
 *
 * <p>An operator's kick ({@link Pop3Sessions#revoke}) ends a TRANSACTION session without UPDATE:
 * nothing marked with DELE is deleted, the maildrop lock is released, and then the client reads
 * {@code -ERR [SYS/TEMP] session ended by the administrator} and the connection closes; at once
 * between commands, after the response being written (a RETR's whole message) otherwise.
 */
final class Pop3Session extends ChannelInboundHandlerAdapter implements Authorization.Session, Retrieval.Session,
        Pop3Sessions.Revocable {

    private static final Logger log = LoggerFactory.getLogger(Pop3Session.class);
    static final String REVOKED = "session ended by the administrator";
    /** Commands a client may spend on each message beyond the command rate: LIST n, RETR n, DELE n. */
    static final int COMMANDS_PER_MESSAGE = 3;

    private final Pop3Services services;
    private final Pop3Policy policy;
    private final Authorization authorization;
    private ConnectionInfo info;
    private Pop3State state = Pop3State.AUTHORIZATION;
    private Principal principal;
    private HeldLease lease;
    private Maildrop maildrop;
    private Retrieval retrieval;
    private int badCommands;
    private boolean busy;
    private boolean draining;
    /** An operator ended the session: no command is run any more, it ends once no response is being written. */
    private boolean revoked;
    private boolean ending;
    /** The last response is written or being written; the connection is closing (see {@link #close}). */
    private boolean closing;
    /** Set at login, for {@link #revoke()} from the change feed's thread. */
    private volatile ChannelHandlerContext loggedInContext;
    private String command = "none";
    private long commandStart;

    Pop3Session(Listener listener, Pop3Services services) {
        this.services = services;
        this.policy = services.policy();
        this.authorization = new Authorization(listener, services, this);
    }

    // ---- connection events ----

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        switch (evt) {
            case SessionEvent.Admitted admitted -> {
                info = admitted.info();
                ctx.writeAndFlush(Pop3Response.ok("POP3 server ready"));
                ctx.read();
            }
            case SessionEvent.Rejected rejected -> close(ctx, Pop3Response.err(ResponseCode.SYS_TEMP, "Too many connections"));
            case SessionEvent.IdleTimedOut idle -> close(ctx, Pop3Response.err("Autologout; idle for too long"));
            case SessionEvent.CommandRateExceeded rate -> close(ctx, Pop3Response.err(ResponseCode.SYS_TEMP, "Too many commands"));
            case SessionEvent.Draining d -> {
                draining = true;
                if (!busy) {
                    close(ctx, Pop3Response.err(ResponseCode.SYS_TEMP, "Server shutting down; nothing was deleted"));
                }
            }
            case SslHandshakeCompletionEvent done when !done.isSuccess() -> ctx.close();
            case SslHandshakeCompletionEvent done -> authorization.tlsStarted();
            default -> ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (principal != null) {
            services.sessions().remove(principal, this);
        }
        if (retrieval != null) {
            retrieval.end();
        }
        if (lease != null) {
            HeldLease held = lease;
            lease = null;
            Thread.startVirtualThread(() -> releaseQuietly(held));
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("POP3 connection {} failed: {}", info == null ? "?" : info.id(), cause.toString());
        ctx.close();
    }

    // ---- commands ----

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (revoked || closing) {
            return; // a pipelined command after a kick (a QUIT must not UPDATE) or after the last response: never run
        }
        commandStart = System.nanoTime();
        switch ((Pop3Input) msg) {
            case Pop3Input.Invalid invalid -> {
                command = "invalid";
                bad(ctx, invalid.response());
            }
            case Pop3Input.SaslResponse response -> authorization.saslResponse(ctx, response.line());
            case Pop3Input.Command c -> {
                command = c.command().keyword();
                if (!c.command().allowedIn().contains(state)) {
                    bad(ctx, Pop3Response.err("Command not valid in this state"));
                } else {
                    dispatch(ctx, c.command());
                }
            }
        }
    }

    private void dispatch(ChannelHandlerContext ctx, Pop3Command c) {
        switch (c) {
            case Pop3Command.Capa capa -> reply(ctx, Capabilities.of(policy, state != Pop3State.AUTHORIZATION,
                    authorization.plaintextAllowed(ctx), authorization.stlsAvailable(ctx)));
            case Pop3Command.User user -> authorization.user(ctx, user.name());
            case Pop3Command.Pass pass -> authorization.pass(ctx, pass.secret());
            case Pop3Command.Auth auth -> authorization.auth(ctx, auth);
            case Pop3Command.Stls stls -> authorization.stls(ctx);
            case Pop3Command.Quit quit -> quit(ctx);
            case Pop3Command.Stat stat -> reply(ctx, Pop3Response.ok(maildrop.liveCount() + " " + maildrop.liveSize()));
            case Pop3Command.ListMessages list -> list(ctx, list);
            case Pop3Command.Uidl uidl -> uidl(ctx, uidl);
            case Pop3Command.Retr retr -> message(ctx, retr.message(), m -> retrieval.retr(ctx, m));
            case Pop3Command.Top top -> message(ctx, top.message(), m -> retrieval.top(ctx, m, top.lines()));
            case Pop3Command.Dele dele -> dele(ctx, dele.message());
            case Pop3Command.Noop noop -> reply(ctx, Pop3Response.ok(""));
            case Pop3Command.Rset rset -> {
                maildrop.unmarkAll();
                reply(ctx, Pop3Response.ok("maildrop has " + maildrop.liveCount() + " messages (" + maildrop.liveSize() + " octets)"));
            }
        }
    }

    // ---- login (AUTHORIZATION itself is in Authorization) ----

    @Override
    public ConnectionInfo info() {
        return info;
    }

    @Override
    public void loggedIn(ChannelHandlerContext ctx, LoginOutcome.LoggedIn in) {
        principal = in.principal();
        lease = in.lease();
        maildrop = in.maildrop();
        retrieval = new Retrieval(services, maildrop, principal, this);
        state = Pop3State.TRANSACTION;
        loggedInContext = ctx;
        creditCommandsPerMessage(ctx);
        if (!services.sessions().add(principal, this, in.checkedAt())) {
            // an operator ended the user's sessions while this login was being checked: it ends as
            // a kicked session, its lock released
            log.info("POP3 login of user {} ended: the user's sessions were ended during it", principal.userId());
            services.metrics().command(command, "temp_fail", took());
            revoked = true;
            endRevoked(ctx);
            return;
        }
        reply(ctx, Pop3Response.ok("maildrop has " + maildrop.liveCount() + " messages (" + maildrop.liveSize() + " octets)"));
    }

    /**
     * A client may take each message of the snapshot with a few commands (LIST n, RETR n, DELE n)
     * beyond the command rate: a retrieve-all of a large maildrop cut off by the rate would lose
     * its DELE marks, and the next session would download the same messages again.
     */
    private void creditCommandsPerMessage(ChannelHandlerContext ctx) {
        if (ctx.pipeline().get(PipelineSlots.FLOW_CONTROL) instanceof FlowControl flow) {
            flow.credit(COMMANDS_PER_MESSAGE * (long) maildrop.liveCount());
        }
    }

    @Override
    public void abandoned(LoginOutcome.LoggedIn in) {
        Thread.startVirtualThread(() -> releaseQuietly(in.lease()));
    }

    @Override
    public void count(String outcome) {
        services.metrics().command(command, outcome, took());
    }

    // ---- TRANSACTION ----

    private void list(ChannelHandlerContext ctx, Pop3Command.ListMessages list) {
        if (list.all()) {
            reply(ctx, new Pop3Response.MultiLine(maildrop.liveCount() + " messages (" + maildrop.liveSize() + " octets)",
                    maildrop.live().stream().map(m -> m.number() + " " + m.size()).toList()));
            return;
        }
        message(ctx, list.message(), m -> reply(ctx, Pop3Response.ok(m.number() + " " + m.size())));
    }

    private void uidl(ChannelHandlerContext ctx, Pop3Command.Uidl uidl) {
        if (uidl.all()) {
            reply(ctx, new Pop3Response.MultiLine("", maildrop.live().stream().map(m -> m.number() + " " + m.uniqueId()).toList()));
            return;
        }
        message(ctx, uidl.message(), m -> reply(ctx, Pop3Response.ok(m.number() + " " + m.uniqueId())));
    }

    private void dele(ChannelHandlerContext ctx, int number) {
        message(ctx, number, m -> {
            maildrop.markDeleted(number);
            retrieval.deleted(number);
            reply(ctx, Pop3Response.ok("message " + number + " deleted"));
        });
    }

    private void message(ChannelHandlerContext ctx, int number, java.util.function.Consumer<MaildropMessage> then) {
        maildrop.get(number).ifPresentOrElse(then, () -> reply(ctx, Pop3Response.err(
                maildrop.isDeleted(number) ? "Message " + number + " is deleted" : "No such message")));
    }

    // ---- QUIT and UPDATE ----

    private void quit(ChannelHandlerContext ctx) {
        if (state == Pop3State.AUTHORIZATION) {
            services.metrics().command(command, "ok", took());
            close(ctx, Pop3Response.ok("Bye"));
            return;
        }
        state = Pop3State.UPDATE;
        services.sessions().remove(principal, this); // a kick now would not stop the UPDATE QUIT asked for
        HeldLease held = lease;
        lease = null;
        List<MaildropMessage> doomed = maildrop.toRemove(policy.expireDays() == 0);
        Principal p = principal;
        blocking(ctx, () -> {
            try {
                if (!services.keeper().confirm(held)) {
                    return -1;
                }
                return services.maildrops().remove(p, doomed);
            } finally {
                releaseQuietly(held);
            }
        }, (removed, failure) -> {
            Pop3Response response;
            if (failure != null) {
                Thread.startVirtualThread(() -> releaseQuietly(held)); // in case the work never ran
                log.warn("POP3 UPDATE of {} failed: {}", p.userId(), failure.toString());
                response = Pop3Response.err(ResponseCode.SYS_TEMP, "Some deleted messages were not removed");
            } else if (removed < 0) {
                response = Pop3Response.err(ResponseCode.SYS_TEMP, "Maildrop lock was lost; nothing was deleted");
            } else {
                response = Pop3Response.ok("Bye (" + doomed.size() + " messages deleted)");
            }
            services.metrics().command(command, outcome(response), took());
            close(ctx, response);
        });
    }

    // ---- operator's kick ----

    @Override
    public void revoke() {
        ChannelHandlerContext ctx = loggedInContext;
        if (ctx == null) {
            return;
        }
        try {
            ctx.executor().execute(() -> revoked(ctx));
        } catch (RejectedExecutionException e) {
            ctx.channel().close(); // the event loop is stopping: the connection goes with it
        }
    }

    private void revoked(ChannelHandlerContext ctx) {
        if (revoked || state != Pop3State.TRANSACTION || !ctx.channel().isActive()) {
            return;
        }
        revoked = true;
        if (!busy) {
            endRevoked(ctx);
        }
    }

    /**
     * Ends a kicked session without UPDATE: the DELE marks are dropped with the session, the lock is
     * released first (so that a client reading the -ERR may log in again at once), then the -ERR
     * and the same close as autologout and shutdown.
     */
    private void endRevoked(ChannelHandlerContext ctx) {
        if (ending) {
            return;
        }
        ending = true;
        busy = true;
        if (retrieval != null) {
            retrieval.end();
        }
        HeldLease held = lease;
        lease = null;
        Thread.startVirtualThread(() -> {
            if (held != null) {
                releaseQuietly(held);
            }
            try {
                ctx.executor().execute(() -> close(ctx, Pop3Response.err(ResponseCode.SYS_TEMP, REVOKED)));
            } catch (RejectedExecutionException e) {
                ctx.channel().close();
            }
        });
    }

    // ---- plumbing ----

    @Override
    public <T> void blocking(ChannelHandlerContext ctx, Callable<T> work, BiConsumer<T, Throwable> then) {
        busy = true;
        services.blocking().run(ctx.channel(), work, (result, failure) -> {
            busy = false;
            then.accept(result, failure);
        });
    }

    @Override
    public void bad(ChannelHandlerContext ctx, Pop3Response.Err response) {
        badCommands++;
        if (badCommands >= policy.maxBadCommands()) {
            services.metrics().command(command, "bad", took());
            close(ctx, Pop3Response.err("Too many invalid commands"));
            return;
        }
        reply(ctx, response);
    }

    @Override
    public void reply(ChannelHandlerContext ctx, Pop3Response response) {
        services.metrics().command(command, outcome(response), took());
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        next(ctx);
    }

    @Override
    public void busy(boolean busy) {
        this.busy = busy;
    }

    @Override
    public void next(ChannelHandlerContext ctx) {
        if (revoked) {
            endRevoked(ctx);
        } else if (draining) {
            close(ctx, Pop3Response.err(ResponseCode.SYS_TEMP, "Server shutting down; nothing was deleted"));
        } else {
            ctx.read();
        }
    }

    /**
     * The last response, then protocol-kit's LingeringClose: a client that pipelined more commands
     * after the one that ends the session would otherwise get a TCP reset (unread input at close),
     * and a reset can make its kernel drop the response before the client reads it.
     */
    @Override
    public void close(ChannelHandlerContext ctx, Pop3Response response) {
        if (closing) {
            return; // one last response: after it the output is shut (a drain and a timeout may both ask)
        }
        closing = true;
        ctx.writeAndFlush(response).addListener(LingeringClose.after(policy.closeLinger()));
    }

    private void releaseQuietly(HeldLease held) {
        try {
            services.keeper().release(held);
        } catch (RuntimeException e) {
            log.warn("cannot release POP3 lease of {} (it will expire): {}", held.lease().maildrop(), e.toString());
        }
    }

    private Duration took() {
        return Duration.ofNanos(System.nanoTime() - commandStart);
    }

    private static String outcome(Pop3Response response) {
        return switch (response) {
            case Pop3Response.Err err when err.code() == ResponseCode.SYS_TEMP -> "temp_fail";
            case Pop3Response.Err err -> "err";
            default -> "ok";
        };
    }
}
