package org.mailplatform.imap.session;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.mailplatform.imap.codec.DecodedInput;
import org.mailplatform.imap.codec.ImapCommand;
import org.mailplatform.imap.codec.ImapResponse;
import org.mailplatform.imap.codec.ResponseCode;
import org.mailplatform.imap.codec.SessionState;
import org.mailplatform.protocol.frame.Frame;
import org.mailplatform.protocol.limit.FlowControl;
import org.mailplatform.protocol.metrics.ProtocolMetrics;
import org.mailplatform.protocol.session.BlockingWork;
import org.mailplatform.protocol.session.ConnectionInfo;
import org.mailplatform.protocol.session.IdleTimeout;
import org.mailplatform.protocol.session.LingeringClose;
import org.mailplatform.protocol.server.PipelineSlots;
import org.mailplatform.protocol.session.SessionEvent;
import org.mailplatform.protocol.session.UserSessions;
import org.mailplatform.protocol.tls.PlaintextAuth;
import org.mailplatform.protocol.tls.StartTls;
import org.mailplatform.protocol.tls.TlsInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slot "session": the IMAP state machine of one connection (RFC 9051 section 3). Takes one decoded
 * input at a time, checks the command against the state it is allowed in (in this one place),
 * hands it to its handler and asks for the next input only when the handler is done.
 */
public final class ImapSession extends ChannelInboundHandlerAdapter implements CommandContext {

    private static final Logger log = LoggerFactory.getLogger(ImapSession.class);

    private final ServerSettings settings;
    private final SelectCredit selectCredit = new SelectCredit();
    private final AppendCredit appendCredit = new AppendCredit();
    private final CommandDispatcher dispatcher;
    private final BlockingWork blockingWork;
    private final ProtocolMetrics metrics;
    private final MailboxWatchers watchers;
    private final MailboxUpdates updates;
    private final MailboxWatchers.Watcher watcher = new MailboxWatchers.Watcher() {
        @Override
        public void mailboxChanged(String mailboxId) {
            mailboxChangedElsewhere(mailboxId);
        }

        @Override
        public void revoked() {
            ctx.channel().eventLoop().execute(() -> endSession(
                    ResponseCode.UNAVAILABLE, "session ended by the administrator", true));
        }
    };
    private final SessionData data = new SessionData();
    /** Mailboxes that changed while a command was in flight (it may be the SELECT of one of them). */
    private final java.util.Set<String> changedDuringCommand = new java.util.HashSet<>();
    private Runnable changeListener;
    private Runnable afterNextWrite;
    private boolean expungesAllowed;
    private ChannelHandlerContext ctx;
    private ConnectionInfo info;
    private boolean busy;
    /** The BYE that ends the session (drain, revocation) as soon as the client is the one to speak. */
    private ImapResponse.UntaggedStatus pendingBye;
    /** Whether {@link #pendingBye} may also cut APPEND's literal short (it is then not stored). */
    private boolean byeMidUpload;
    private boolean closing;
    private String commandName;
    private long commandStart;
    private Consumer<String> lineConsumer;
    private Consumer<Frame.Chunk> appendConsumer;

    public ImapSession(ServerSettings settings, CommandDispatcher dispatcher, BlockingWork blockingWork,
                       ProtocolMetrics metrics, MailboxWatchers watchers, MailboxUpdates updates) {
        this.settings = settings;
        this.dispatcher = dispatcher;
        this.blockingWork = blockingWork;
        this.metrics = metrics;
        this.watchers = watchers;
        this.updates = updates;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (data.principal() != null) {
            watchers.remove(data.principal(), watcher);
        }
        ctx.fireChannelInactive();
    }

    /** From the change feed's thread: hop to the event loop, where all session state lives. */
    private void mailboxChangedElsewhere(String mailboxId) {
        ctx.channel().eventLoop().execute(() -> {
            SelectedMailbox selected = data.selected();
            if (busy) {
                changedDuringCommand.add(mailboxId);
            }
            if (selected != null && selected.id().equals(mailboxId)) {
                data.changesPending(true);
                if (changeListener != null) {
                    changeListener.run();
                }
            }
        });
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        switch (evt) {
            case SessionEvent.Admitted admitted -> {
                info = admitted.info();
                IdleTimeout.set(ctx.channel(), settings.preAuthIdleTimeout());
                send(new ImapResponse.UntaggedStatus(ImapResponse.Condition.OK,
                        ResponseCode.capability(Capabilities.of(this)), settings.serverName() + " IMAP ready"));
                ctx.read();
            }
            case SessionEvent.Rejected rejected -> bye(ResponseCode.UNAVAILABLE, "too many connections, try again later");
            case SessionEvent.IdleTimedOut timedOut -> bye(null, "autologout: idle for too long");
            case SessionEvent.CommandRateExceeded rate -> bye(null, "too many commands");
            // an upload in progress is finished and stored first: the client may reconnect elsewhere
            case SessionEvent.Draining d -> endSession(ResponseCode.UNAVAILABLE, "server shutting down, please reconnect", false);
            case SslHandshakeCompletionEvent done when !done.isSuccess() -> ctx.close();
            default -> ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            return;
        }
        switch (msg) {
            case DecodedInput.Command c -> {
                appendCredit.commandRead();
                command(c.command());
            }
            case DecodedInput.ContinuationNeeded n -> {
                appendCredit.continuationAsked();
                send(new ImapResponse.Continuation("Ready for literal data"));
                ctx.read();
            }
            case DecodedInput.Invalid invalid -> {
                appendCredit.commandRead();
                invalid(invalid);
            }
            case DecodedInput.Line line -> {
                Consumer<String> consumer = lineConsumer;
                lineConsumer = null;
                if (consumer == null) {
                    ctx.read();
                } else {
                    consumer.accept(line.text());
                }
            }
            case DecodedInput.AppendData data -> throw new IllegalStateException("APPEND data comes as chunks");
            case Frame.Chunk chunk -> {
                Consumer<Frame.Chunk> consumer = appendConsumer;
                if (chunk.last()) {
                    appendConsumer = null;
                }
                if (consumer != null) {
                    consumer.accept(chunk);
                } else {
                    ctx.read();
                }
            }
            default -> ctx.fireChannelRead(msg);
        }
    }

    private void command(ImapCommand command) {
        busy = true;
        changedDuringCommand.clear();
        // RFC 9051 section 7.5.1: no EXPUNGE while answering FETCH, STORE or SEARCH (UID versions excepted)
        expungesAllowed = switch (command) {
            case ImapCommand.Fetch f -> f.uid();
            case ImapCommand.Store st -> st.uid();
            case ImapCommand.Search se -> se.uid();
            default -> true;
        };
        commandName = command.name();
        commandStart = System.nanoTime();
        if (!command.allowedIn().contains(data.state())) {
            if (command instanceof ImapCommand.Append) {
                refuseAppend();
            }
            done(new ImapResponse.Tagged(command.tag(), ImapResponse.Condition.BAD, null,
                    data.state() == SessionState.NOT_AUTHENTICATED ? commandName + " needs authentication first"
                            : commandName + " is not allowed in state " + data.state().name().toLowerCase()));
            return;
        }
        try {
            dispatcher.dispatch(command, this);
        } catch (RuntimeException e) {
            log.error("{} failed on connection {}", commandName, info == null ? "?" : info.id(), e);
            done(new ImapResponse.Tagged(command.tag(), ImapResponse.Condition.NO, ResponseCode.SERVERBUG,
                    "internal error"));
        }
    }

    private void invalid(DecodedInput.Invalid invalid) {
        metrics.command("invalid", "bad", Duration.ZERO);
        ResponseCode code = invalid.error().code();
        String text = invalid.error().getMessage();
        ctx.write(invalid.tag() == null
                ? new ImapResponse.UntaggedStatus(ImapResponse.Condition.BAD, code, text)
                : new ImapResponse.Tagged(invalid.tag(), ImapResponse.Condition.BAD, code, text));
        if (invalid.fatal()) {
            bye(null, "cannot continue after that");
        } else {
            ctx.flush();
            ctx.read();
        }
    }

    @Override
    public void done(ImapResponse.Tagged response) {
        SelectedMailbox selected = data.selected();
        if (selected != null && changedDuringCommand.contains(selected.id())) {
            data.changesPending(true);
        }
        changedDuringCommand.clear();
        if (selected != null && data.changesPending() && data.state() == SessionState.SELECTED && !closing) {
            // tell the client what changed elsewhere before the command ends (RFC 9051 section 7.4)
            data.changesPending(false);
            blocking(() -> updates.update(data, selected, expungesAllowed), (update, failure) -> {
                if (update != null && data.selected() == selected) {
                    update.responses().forEach(ctx::write);
                    if (update.expungesWithheld()) {
                        data.changesPending(true);
                    }
                } else if (failure != null) {
                    log.debug("update of {} failed: {}", selected.name(), failure.toString());
                    data.changesPending(true);
                }
                finish(response);
            });
            return;
        }
        finish(response);
    }

    private void finish(ImapResponse.Tagged response) {
        busy = false;
        metrics.command(commandName == null ? "unknown" : commandName, response.condition().name().toLowerCase(),
                Duration.ofNanos(System.nanoTime() - commandStart));
        if (closing) {
            // the session was ended while the command ran: its answer would follow the BYE
            return;
        }
        if (data.state() == SessionState.LOGOUT) {
            closing = true;
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.writeAndFlush(response);
        if (afterNextWrite != null) {
            Runnable then = afterNextWrite;
            afterNextWrite = null;
            then.run();
        }
        if (pendingBye != null) {
            bye(pendingBye);
            return;
        }
        ctx.read();
    }

    /**
     * Ends the session with a BYE now if the client is the one to speak (no command in flight, or
     * one that waits for a line: IDLE, a SASL response; with {@code midUpload} also APPEND's literal,
     * whose rest is then never read, so the message is not stored), else when the command in flight
     * hands back: a command whose answer is being written (a FETCH streams from its own thread) is
     * never cut by the BYE, and its work ends within the store's and the write timeout.
     */
    private void endSession(ResponseCode code, String text, boolean midUpload) {
        pendingBye = new ImapResponse.UntaggedStatus(ImapResponse.Condition.BYE, code, text);
        byeMidUpload |= midUpload;
        if (!busy || lineConsumer != null || byeMidUpload && appendConsumer != null) {
            bye(pendingBye);
        }
    }

    @Override
    public void send(ImapResponse response) {
        // nothing follows a BYE (an IDLE update still in flight when the session was ended)
        if (!closing) {
            ctx.writeAndFlush(response);
        }
    }

    @Override
    public void bye(String text) {
        bye(null, text);
    }

    private void bye(ResponseCode code, String text) {
        bye(new ImapResponse.UntaggedStatus(ImapResponse.Condition.BYE, code, text));
    }

    private void bye(ImapResponse.UntaggedStatus bye) {
        if (closing) {
            return;
        }
        closing = true;
        // the client may still be sending (a line over the limit): a plain close would reset the
        // connection and could lose the BYE on the client's side
        ctx.writeAndFlush(bye).addListener(LingeringClose.after(settings.closeLinger()));
    }

    @Override
    public <T> void blocking(Callable<T> work, BiConsumer<T, Throwable> then) {
        blockingWork.run(ctx.channel(), work, (result, failure) -> {
            if (ctx.channel().isActive()) {
                then.accept(result, failure);
            }
        });
    }

    @Override
    public void readLine(Consumer<String> onLine) {
        lineConsumer = onLine;
        if (pendingBye != null) {
            // ended while the command was busy: now the client is to speak, and will not
            bye(pendingBye);
            return;
        }
        ctx.pipeline().get(ImapRequestHandler.class).expectLine();
        ctx.read();
    }

    @Override
    public void readAppend(boolean synchronizing, Consumer<Frame.Chunk> onChunk) {
        appendConsumer = onChunk;
        if (pendingBye != null && byeMidUpload) {
            // no "+": the message is never read, the store's read of it fails when the connection closes
            bye(pendingBye);
            return;
        }
        if (synchronizing) {
            ctx.pipeline().get(ImapRequestHandler.class).acceptAppend();
            send(new ImapResponse.Continuation("Ready for literal data"));
        }
        ctx.read();
    }

    @Override
    public void requestMore() {
        ctx.read();
    }

    @Override
    public void refuseAppend() {
        ctx.pipeline().get(ImapRequestHandler.class).rejectAppend();
    }

    void startTls(ImapResponse.Tagged ok) {
        StartTls.begin(ctx.channel(), settings.sslContext(), ok);
        busy = false;
        metrics.command(commandName, "ok", Duration.ofNanos(System.nanoTime() - commandStart));
        ctx.read();
    }

    @Override
    public void creditCommands(SelectedMailbox mailbox) {
        credit(selectCredit.commandsFor(mailbox));
    }

    @Override
    public void creditStoredAppend() {
        credit(appendCredit.commandsForStoredAppend());
    }

    private void credit(long commands) {
        if (commands > 0 && ctx.pipeline().get(PipelineSlots.FLOW_CONTROL) instanceof FlowControl flow) {
            flow.credit(commands);
        }
    }

    @Override
    public void afterNextWrite(Runnable then) {
        this.afterNextWrite = then;
    }

    @Override
    public void onMailboxChange(Runnable listener) {
        this.changeListener = listener;
    }

    @Override
    public long loginCheckStart() {
        return watchers.now();
    }

    @Override
    public UserSessions.Admission loggedIn(org.mailplatform.model.Principal principal, long checkedAt) {
        UserSessions.Admission admission = watchers.tryAdd(principal, watcher, settings.maxConnectionsPerUser(),
                checkedAt);
        if (admission == UserSessions.Admission.ADDED) {
            data.authenticated(principal);
            IdleTimeout.set(ctx.channel(), settings.authenticatedIdleTimeout());
        }
        return admission;
    }

    @Override
    public SessionData data() {
        return data;
    }

    @Override
    public ServerSettings settings() {
        return settings;
    }

    @Override
    public Channel channel() {
        return ctx.channel();
    }

    @Override
    public ConnectionInfo connection() {
        return info;
    }

    @Override
    public boolean tls() {
        return TlsInfo.active(ctx.channel());
    }

    @Override
    public boolean plaintextAuthAllowed() {
        return PlaintextAuth.allowed(ctx.channel(), info, settings.allowPlaintextAuth());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("connection {} failed: {}", info == null ? "?" : info.id(), cause.toString());
        ctx.close();
    }
}
