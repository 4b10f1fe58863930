package org.mailplatform.smtp.server;

import java.io.IOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import javax.net.ssl.SSLException;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.mailplatform.model.Principal;
import org.mailplatform.protocol.frame.FixedLengthDecoder;
import org.mailplatform.protocol.frame.Framer;
import org.mailplatform.protocol.server.Listener;
import org.mailplatform.protocol.session.ConnectionInfo;
import org.mailplatform.protocol.session.IdleTimeout;
import org.mailplatform.protocol.session.SessionEvent;
import org.mailplatform.protocol.tls.StartTls;
import org.mailplatform.protocol.tls.TlsInfo;
import org.mailplatform.smtp.clientcheck.DomainReport;
import org.mailplatform.smtp.codec.AddressText;
import org.mailplatform.smtp.codec.SmtpCommand;
import org.mailplatform.smtp.codec.SmtpReply;
import org.mailplatform.smtp.spf.ReceivedSpfHeader;
import org.mailplatform.smtp.spf.SpfVerdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slot "session": one SMTP connection's state machine (RFC 5321 section 4.1.4 command order).
 * Exactly one command is in flight: the next is asked for ({@code ctx.read()}) only after the
 * reply to this one was written, so pipelined commands (RFC 2920) are answered in order and
 * blocking checks (directory, S3, Kafka) run on virtual threads without races. On the MX listener
 * the client checks (DNSBL, reverse DNS, the client name's domain lists) start at admission, the
 * HELO name's domain lists at HELO/EHLO, the sender domain's at MAIL, all awaited at the first
 * RCPT; SPF starts at MAIL and is awaited at RCPT when its policy can refuse, otherwise at
 * DATA/BDAT (all in {@link MxClientChecks}; this class only awaits them).
 */
final class SmtpSession extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(SmtpSession.class);

    private final SmtpServices services;
    private final Listener listener;
    private final boolean submission;
    private final AuthExchange auth;
    private final DataPhase dataPhase;
    ChannelHandlerContext ctx;
    ConnectionInfo info;
    String helo;
    boolean esmtp;
    Principal user;
    Transaction tx;
    /** The MX client's checks (client checks at admission, SPF at MAIL); none on submission and SMTPS. */
    private MxClientChecks checks = MxClientChecks.NONE;
    /** The domain lists' check of {@link #helo}, started at HELO/EHLO; {@code null} when nothing is asked. */
    private CompletableFuture<DomainReport> heloCheck;
    private int badCommands;
    private boolean busy;
    private boolean draining;
    private boolean closing;
    private String verb = "CONNECT";
    private long startedAt;

    SmtpSession(SmtpServices services, Listener listener, boolean submission) {
        this.services = services;
        this.listener = listener;
        this.submission = submission;
        this.auth = new AuthExchange(this, services);
        this.dataPhase = new DataPhase(this, services);
    }

    SmtpServices services() {
        return services;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        switch (evt) {
            case SessionEvent.Admitted a -> {
                info = a.info();
                if (!submission) {
                    checks = MxClientChecks.start(services, info.client().getAddress());
                }
                write(SmtpReply.plain(220, services.settings().hostname() + " ESMTP ready"));
                ctx.read();
            }
            case SessionEvent.Rejected r -> closeWith(SmtpReply.of(421, "4.7.0", services.settings().hostname()
                    + " Too many connections, try again later"));
            case SessionEvent.IdleTimedOut t -> {
                if (!busy) {
                    closeWith(SmtpReply.of(421, "4.4.2", services.settings().hostname() + " Timeout, closing connection"));
                }
            }
            case SessionEvent.CommandRateExceeded c -> closeWith(SmtpReply.of(421, "4.7.0", "Too many commands, closing connection"));
            case SessionEvent.Draining d -> {
                draining = true;
                if (!busy && (tx == null || tx.body == null)) {
                    closeWith(SmtpReply.of(421, "4.3.2", services.settings().hostname() + " Service shutting down"));
                }
            }
            case SslHandshakeCompletionEvent done when !done.isSuccess() -> ctx.close();
            default -> super.userEventTriggered(ctx, evt);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (tx != null) {
            tx.abandon();
            tx = null;
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("connection {} failed: {}", info == null ? "?" : info.id(), cause.toString());
        if (cause instanceof IOException || cause.getCause() instanceof SSLException
                || !ctx.channel().isActive()) {
            ctx.close(); // the connection itself broke: nobody is left to read an answer
            return;
        }
        // our own failure (a bug or an exhausted resource): the client is told to come back later,
        // so the message it may be sending is retried rather than lost or left hanging
        try {
            closeWith(SmtpReply.of(421, "4.3.0", "Internal error, closing connection"));
        } catch (RuntimeException e) {
            ctx.close();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        startedAt = System.nanoTime();
        switch ((SmtpInput) msg) {
            case SmtpInput.Data data -> dataPhase.onData(data);
            case SmtpInput.SaslResponse response -> auth.onResponse(response.line());
            case SmtpInput.Invalid invalid -> {
                verb = "INVALID";
                badCommand(invalid.reply());
            }
            case SmtpInput.Command command -> {
                verb = command.command().verb();
                onCommand(command.command());
            }
        }
    }

    private void onCommand(SmtpCommand command) {
        switch (command) {
            case SmtpCommand.Ehlo e -> hello(e.domain(), true);
            case SmtpCommand.Helo h -> hello(h.domain(), false);
            case SmtpCommand.Mail m -> mail(m);
            case SmtpCommand.Rcpt r -> rcpt(r);
            case SmtpCommand.Data d -> dataPhase.data();
            case SmtpCommand.Bdat b -> dataPhase.bdat(b);
            case SmtpCommand.Rset r -> {
                resetTransaction();
                reply(SmtpReply.of(250, "2.0.0", "Ok"));
            }
            case SmtpCommand.Noop n -> reply(SmtpReply.of(250, "2.0.0", "Ok"));
            case SmtpCommand.Quit q -> closeWith(SmtpReply.of(221, "2.0.0", services.settings().hostname() + " Bye"));
            case SmtpCommand.Help h -> reply(SmtpReply.of(214, "2.0.0", "See RFC 5321; commands: EHLO HELO MAIL RCPT DATA BDAT RSET NOOP QUIT VRFY STARTTLS AUTH"));
            case SmtpCommand.Vrfy v -> reply(SmtpReply.of(252, "2.5.0", "Cannot VRFY user, but will accept message and attempt delivery"));
            case SmtpCommand.Expn e -> reply(SmtpReply.of(502, "5.5.1", "EXPN not available"));
            case SmtpCommand.StartTls s -> startTls();
            case SmtpCommand.Auth a -> auth.start(a);
        }
    }

    private void hello(String domain, boolean extended) {
        resetTransaction();
        helo = domain;
        heloCheck = checks.startHeloCheck(domain);
        esmtp = extended;
        String greeting = services.settings().hostname() + " Hello " + domain + " [" + clientIp() + "]";
        if (!extended) {
            reply(SmtpReply.plain(250, greeting));
            return;
        }
        List<String> lines = new ArrayList<>(List.of(greeting, "PIPELINING",
                "SIZE " + services.settings().limits().maxMessageSize().toBytes(), "8BITMIME", "SMTPUTF8", "CHUNKING",
                "BINARYMIME", "ENHANCEDSTATUSCODES", "DSN"));
        if (startTlsAvailable()) {
            lines.add("STARTTLS");
        }
        if (auth.available()) {
            lines.add("AUTH PLAIN LOGIN");
        }
        reply(new SmtpReply(250, null, lines));
    }

    private void mail(SmtpCommand.Mail mail) {
        if (helo == null) {
            badSequence("Send EHLO/HELO first");
        } else if (tx != null) {
            badSequence("Nested MAIL command");
        } else if (submission && user == null) {
            reply(SmtpReply.of(530, "5.7.0", "Authentication required"));
        } else if (mail.size() > services.settings().limits().maxMessageSize().toBytes()) {
            reply(SmtpReply.of(552, "5.3.4", "Message size exceeds fixed maximum message size"));
        } else if (user != null) {
            Principal sender = user;
            // the rate is reserved (cluster-wide, counted at once) only for a sender the user may
            // use, so a refused forgery does not eat into the user's allowance; both block
            blocking(() -> {
                SmtpReply owned = services.senders().check(mail.from(), sender);
                return owned.positive() ? services.submissionRate().refusal(sender).orElse(owned) : owned;
            }, r -> {
                if (r.positive()) {
                    tx = new Transaction(mail);
                }
                reply(r);
            });
        } else {
            tx = new Transaction(mail);
            tx.sender = checks.startSenderCheck(mail.from());
            tx.spf = checks.startSpf(mail.from(), helo, ctx.channel());
            reply(SmtpReply.of(250, "2.1.0", "Ok"));
        }
    }

    private void rcpt(SmtpCommand.Rcpt rcpt) {
        if (tx == null) {
            badSequence("Need MAIL command");
        } else if (tx.recipients.size() >= services.settings().limits().maxRecipients()) {
            reply(SmtpReply.of(452, "4.5.3", "Too many recipients"));
        } else if (!tx.mail.smtpUtf8() && !rcpt.to().chars().allMatch(c -> c < 128)) {
            reply(SmtpReply.of(553, "5.6.7", "Non-ASCII address requires SMTPUTF8"));
        } else {
            screened(rcpt);
        }
    }

    /**
     * The MX checks decide about a RCPT in their order: the first refusal is the reply; a check
     * still running is awaited, and then the RCPT is taken up again from the start (the checks
     * before it are done by then). Once all let it through, the directory decides.
     */
    private void screened(SmtpCommand.Rcpt rcpt) {
        for (MxClientChecks.AtRcpt check : checks.atRcpt(clientIp(), heloCheck, tx)) {
            if (awaiting(check.pending(), () -> rcpt(rcpt))) {
                return;
            }
            Optional<SmtpReply> refused = check.refusal().get();
            if (refused.isPresent()) {
                reply(refused.get());
                return;
            }
        }
        recipient(rcpt);
    }

    /** The directory decides about a recipient of a client the client checks let through. */
    private void recipient(SmtpCommand.Rcpt rcpt) {
        boolean relay = user != null;
        Transaction current = tx;
        blocking(() -> services.recipients().check(rcpt.to(), relay), r -> {
            if (r.positive() && tx == current) {
                current.add(rcpt);
            }
            reply(r);
        });
    }

    /**
     * Whether {@code pending} (client checks, SPF; {@code null}: nothing to wait for) is still
     * running; then {@code retry} runs on the event loop once it is done (each is bounded by its
     * own timeout), and no further command is read meanwhile. No thread waits.
     */
    boolean awaiting(CompletableFuture<?> pending, Runnable retry) {
        if (pending == null || pending.isDone()) {
            return false;
        }
        busy = true;
        pending.whenComplete((report, failure) -> ctx.channel().eventLoop().execute(() -> {
            busy = false;
            if (ctx.channel().isActive()) {
                retry.run();
            }
        }));
        return true;
    }

    private void startTls() {
        if (!startTlsAvailable()) {
            reply(TlsInfo.active(ctx.channel())
                    ? SmtpReply.of(503, "5.5.1", "TLS already active")
                    : SmtpReply.of(454, "4.7.0", "TLS not available"));
            return;
        }
        resetTransaction();
        helo = null;
        heloCheck = null;
        esmtp = false;
        user = null;
        int dropped = StartTls.begin(ctx.channel(), services.ssl(), SmtpReply.of(220, "2.0.0", "Ready to start TLS"));
        if (dropped > 0) {
            log.info("connection {}: discarded {} bytes pipelined after STARTTLS", info.id(), dropped);
        }
        record("ok");
        ctx.read();
    }

    boolean startTlsAvailable() {
        return StartTls.available(ctx.channel(), listener, services.ssl());
    }

    boolean submission() {
        return submission;
    }

    /** The client address as replies, the Received field and the queued record show it (RFC 5952 for IPv6). */
    String clientIp() {
        return AddressText.of(info.client().getAddress());
    }

    /**
     * The trace fields this hop prepends: Received-SPF above Received (RFC 7208 9.1), when SPF was
     * evaluated; its verdict is known by now ({@link DataPhase} awaits it before the body starts).
     */
    byte[] traceHeaders(String queueId) {
        byte[] received = receivedHeader(queueId);
        if (tx.spf == null) {
            return received;
        }
        SpfVerdict verdict = tx.spf.getNow(null); // never join() here: this is the event loop
        if (verdict == null) {
            throw new IllegalStateException("the body started before the SPF verdict was awaited");
        }
        return ReceivedSpfHeader.above(verdict, services.settings().hostname(), received);
    }

    private byte[] receivedHeader(String queueId) {
        String single = tx.recipients.size() == 1 ? tx.recipients.getFirst().address() : null;
        return ReceivedHeader.build(helo, checks.report().name().display(), info.client().getAddress(), services.settings().hostname(), esmtp, tx.mail.smtpUtf8(),
                TlsInfo.of(ctx.channel()).orElse(null), user, queueId, single, ZonedDateTime.now(services.clock()));
    }

    Listener listener() {
        return listener;
    }

    void resetTransaction() {
        if (tx != null) {
            tx.abandon();
            tx = null;
        }
    }

    /** Runs {@code work} off the event loop; {@code then} runs on it. Failures become 451 4.3.0. */
    <T> void blocking(Callable<T> work, Consumer<T> then) {
        blocking(work, then, () -> { });
    }

    /**
     * As {@link #blocking(Callable, Consumer)}; {@code failed} runs on the event loop before the
     * 451 when the work failed or could not start (no blocking permit): the end of DATA uses it to
     * end its transaction, which a 451 to the final dot ends for the client too.
     */
    <T> void blocking(Callable<T> work, Consumer<T> then, Runnable failed) {
        busy = true;
        services.blocking().run(ctx.channel(), work, (result, failure) -> {
            busy = false;
            if (!ctx.channel().isActive()) {
                return;
            }
            if (failure != null) {
                log.warn("connection {}: {} failed: {}", info.id(), verb, failure.toString());
                failed.run();
                reply(SmtpReply.of(451, "4.3.0", "Temporary failure, try again later"));
            } else {
                then.accept(result);
            }
        });
    }

    void setBusy(boolean busy) {
        this.busy = busy;
    }

    void badSequence(String text) {
        badCommand(SmtpReply.of(503, "5.5.1", text));
    }

    void badCommand(SmtpReply reply) {
        if (++badCommands > services.settings().limits().maxBadCommands()) {
            closeWith(SmtpReply.of(421, "4.7.0", "Too many errors, closing connection"));
        } else {
            reply(reply);
        }
    }

    /** Writes a reply without asking for the next command (the command continues). */
    void write(SmtpReply reply) {
        ctx.writeAndFlush(reply);
    }

    /** Writes the reply to the command in flight and asks for the next one. */
    void reply(SmtpReply reply) {
        write(reply);
        record(reply.outcome());
        if (draining && (tx == null || tx.body == null)) {
            closeWith(SmtpReply.of(421, "4.3.2", services.settings().hostname() + " Service shutting down"));
            return;
        }
        if (!closing) {
            ctx.read();
        }
    }

    void closeWith(SmtpReply reply) {
        if (closing) {
            return;
        }
        closing = true;
        record(reply.outcome());
        resetTransaction();
        ctx.writeAndFlush(reply).addListener(ChannelFutureListener.CLOSE);
    }

    void dataTimeout(boolean inData) {
        IdleTimeout.set(ctx.channel(), inData ? services.settings().limits().dataTimeout() : services.settings().limits().idleTimeout());
    }

    void streamMode(org.mailplatform.protocol.frame.StreamDecoder decoder) {
        Framer.of(ctx.channel()).streamMode(decoder);
    }

    void bdatChunk(long size) {
        streamMode(new FixedLengthDecoder(size, DotStuffedData.MAX_CHUNK));
    }

    SmtpDecoder decoder() {
        return ctx.pipeline().get(SmtpDecoder.class);
    }

    private void record(String outcome) {
        services.metrics().command(verb, outcome, Duration.ofNanos(System.nanoTime() - startedAt));
    }
}
