package org.mailplatform.pop3.server;

import java.io.InputStream;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;

import io.netty.channel.ChannelHandlerContext;
import org.mailplatform.model.Principal;
import org.mailplatform.pop3.codec.MessageStuffer;
import org.mailplatform.pop3.codec.Pop3Response;
import org.mailplatform.pop3.codec.ResponseCode;
import org.mailplatform.pop3.maildrop.Maildrop;
import org.mailplatform.pop3.maildrop.MaildropMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RETR and TOP of one session (RFC 1939 section 7, TOP in section 7 as optional): a message that
 * was read ahead ({@link ReadAhead}) is sent from memory, any other is streamed from the store on
 * a blocking-work thread; both byte-stuffed by {@link MessageWriter}. A whole message retrieved
 * (RETR) is marked so and starts the read-ahead of the following ones. A message that cannot be
 * opened gets a temporary error; a client that goes away or stops reading in the middle of one is
 * cut off, as the reply cannot be finished.
 */
final class Retrieval {

    private static final Logger log = LoggerFactory.getLogger(Retrieval.class);

    /** What a retrieval asks of the connection's session. */
    interface Session {

        /** Answers and reads the next command. */
        void reply(ChannelHandlerContext ctx, Pop3Response response);

        /** Runs {@code work} off the event loop, the session busy meanwhile; {@code then} gets its result on it. */
        <T> void blocking(ChannelHandlerContext ctx, Callable<T> work, BiConsumer<T, Throwable> then);

        /** Whether a reply is being prepared or written; a draining session waits for it to end. */
        void busy(boolean busy);

        /** Counts the command in flight with {@code outcome}. */
        void count(String outcome);

        /** Reads the next command (or ends a draining session): the reply has been written. */
        void next(ChannelHandlerContext ctx);
    }

    private final Pop3Services services;
    private final Maildrop maildrop;
    private final Principal principal;
    private final ReadAhead readAhead;
    private final Session session;

    Retrieval(Pop3Services services, Maildrop maildrop, Principal principal, Session session) {
        this.services = services;
        this.maildrop = maildrop;
        this.principal = principal;
        this.readAhead = new ReadAhead(ReadAhead.Source.of(services.maildrops(), principal), services.readAhead());
        this.session = session;
    }

    /** RETR: the whole message. */
    void retr(ChannelHandlerContext ctx, MaildropMessage m) {
        retrieve(ctx, m, MessageStuffer.whole(), true);
    }

    /** TOP: the header and the first {@code lines} lines of the body; never read ahead, nor marked retrieved. */
    void top(ChannelHandlerContext ctx, MaildropMessage m, int lines) {
        retrieve(ctx, m, MessageStuffer.top(lines), false);
    }

    /** The message was marked deleted: what was read ahead of it is dropped. */
    void deleted(int number) {
        readAhead.forget(number);
    }

    /** The session ended: everything read ahead is dropped. */
    void end() {
        readAhead.clear();
    }

    private void retrieve(ChannelHandlerContext ctx, MaildropMessage m, MessageStuffer stuffer, boolean whole) {
        CompletableFuture<byte[]> early = whole ? readAhead.take(m.number()) : null;
        if (early == null) {
            if (whole) {
                readAhead.after(maildrop, m.number()); // the following ones load while this one streams
            }
            stream(ctx, m, stuffer, whole);
        } else if (early.isDone()) {
            fromMemory(ctx, m, early, stuffer, whole);
        } else {
            session.busy(true);
            early.whenComplete((content, failure) -> ctx.executor().execute(() -> {
                session.busy(false);
                if (ctx.channel().isActive()) {
                    fromMemory(ctx, m, early, stuffer, whole);
                }
            }));
        }
    }

    /**
     * Sends a message that was read ahead, on the event loop with one flush; the next command is
     * read only once it is written, so the outbound buffer holds at most one such message. A failed
     * read-ahead falls back to a normal read.
     */
    private void fromMemory(ChannelHandlerContext ctx, MaildropMessage m, CompletableFuture<byte[]> early,
                            MessageStuffer stuffer, boolean whole) {
        if (early.state() != Future.State.SUCCESS) {
            stream(ctx, m, stuffer, whole);
            return;
        }
        session.busy(true);
        MessageWriter.send(ctx, early.resultNow(), stuffer, Pop3Response.ok(m.size() + " octets"), services.writeTimeout(),
                failure -> {
                    session.busy(false);
                    retrieved(ctx, m, whole, failure);
                });
    }

    /** Streams a message from the store on a blocking-work thread, a chunk at a time. */
    private void stream(ChannelHandlerContext ctx, MaildropMessage m, MessageStuffer stuffer, boolean whole) {
        var channel = ctx.channel();
        session.blocking(ctx, () -> {
            try (InputStream content = openContent(m)) {
                return MessageWriter.stream(channel, content, stuffer, Pop3Response.ok(m.size() + " octets"),
                        services.writeTimeout());
            }
        }, (read, failure) -> retrieved(ctx, m, whole, failure));
    }

    private void retrieved(ChannelHandlerContext ctx, MaildropMessage m, boolean whole, Throwable failure) {
        if (failure instanceof ContentUnavailable || failure instanceof RejectedExecutionException) {
            log.warn("POP3 cannot open message {} of {}: {}", m.uid(), principal.userId(), failure.toString());
            session.reply(ctx, Pop3Response.err(ResponseCode.SYS_TEMP, "Message is unavailable; try again later"));
        } else if (failure != null) {
            log.info("POP3 retrieval of message {} aborted: {}", m.uid(), failure.toString());
            session.count("aborted");
            ctx.close();
        } else {
            if (whole) {
                maildrop.markRetrieved(m.number());
                readAhead.after(maildrop, m.number());
            }
            session.count("ok");
            session.next(ctx);
        }
    }

    private InputStream openContent(MaildropMessage m) throws ContentUnavailable {
        try {
            return services.maildrops().content(m);
        } catch (RuntimeException e) {
            throw new ContentUnavailable(e);
        }
    }

    /** Opening a message failed before anything was written: the client gets a temporary error. */
    private static final class ContentUnavailable extends Exception {
        ContentUnavailable(Throwable cause) {
            super(cause);
        }
    }
}
