package org.mailplatform.imap.message;

import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import io.netty.channel.ChannelFutureListener;
import org.mailplatform.imap.codec.ImapCommand;
import org.mailplatform.imap.codec.ImapResponse;
import org.mailplatform.imap.codec.RequestDecoder;
import org.mailplatform.imap.codec.ResponseCode;
import org.mailplatform.imap.mailbox.Names;
import org.mailplatform.imap.mailbox.StoreFailures;
import org.mailplatform.imap.session.CommandContext;
import org.mailplatform.imap.session.SelectedMailbox;
import org.mailplatform.protocol.session.BodyPipe;
import org.mailplatform.store.AppendRequest;
import org.mailplatform.store.AppendResult;
import org.mailplatform.store.Flags;
import org.mailplatform.store.MailboxInfo;
import org.mailplatform.store.MailboxStore;

/**
 * APPEND (RFC 9051 section 6.3.12) with APPENDUID (RFC 4315) and APPENDLIMIT (RFC 7889). Size and
 * mailbox are checked before the continuation request, so a refused message is never sent. The
 * literal then flows through a {@link BodyPipe} (protocol-kit) into the store, which writes it to
 * S3 as it arrives; the tagged response comes after the line that ends the command.
 */
public final class AppendCommand {

    /**
     * Bytes of APPEND's message that may wait for the store before the session stops reading the
     * socket (up to one more chunk of {@link RequestDecoder#APPEND_CHUNK}).
     */
    static final int BUFFER = 4 * RequestDecoder.APPEND_CHUNK;

    private final MailboxStore store;
    private final long appendLimit;

    public AppendCommand(MailboxStore store, long appendLimit) {
        this.store = store;
        this.appendLimit = appendLimit;
    }

    public void handle(ImapCommand.Append a, CommandContext ctx) {
        if (a.size() > appendLimit) {
            ctx.refuseAppend();
            ImapResponse.Tagged tooBig = new ImapResponse.Tagged(a.tag(), ImapResponse.Condition.NO, ResponseCode.TOOBIG,
                    "message larger than APPENDLIMIT " + appendLimit);
            if (a.synchronizing()) {
                ctx.done(tooBig);
            } else {
                // the client is already sending it: rather than read it all, stop here
                ctx.send(tooBig);
                ctx.bye("message too large");
            }
            return;
        }
        String name;
        Set<String> flags = new HashSet<>();
        try {
            name = Names.decode(a.mailbox(), ctx);
            for (String f : a.flags()) {
                String canonical = Flags.canonical(f);
                if (canonical != null) {
                    flags.add(canonical);
                }
            }
        } catch (RuntimeException e) {
            ctx.refuseAppend();
            ctx.done(e instanceof IllegalArgumentException
                    ? new ImapResponse.Tagged(a.tag(), ImapResponse.Condition.BAD, null, e.getMessage())
                    : StoreFailures.response(a.tag(), e));
            return;
        }
        ctx.blocking(() -> store.find(ctx.data().principal(), name), (Optional<MailboxInfo> mailbox, Throwable failure) -> {
            if (failure != null || mailbox.isEmpty()) {
                ctx.refuseAppend();
                ctx.done(failure != null ? StoreFailures.response(a.tag(), failure)
                        : new ImapResponse.Tagged(a.tag(), ImapResponse.Condition.NO, ResponseCode.TRYCREATE, "no such mailbox"));
                return;
            }
            receive(a, mailbox.get().name(), flags, ctx);
        });
    }

    /** Where one APPEND stands: the store's answer and the end of the client's data may come in either order. */
    private static final class Transfer {
        AppendResult result;
        Throwable failure;
        boolean stored;
        boolean received;
    }

    private void receive(ImapCommand.Append a, String name, Set<String> flags, CommandContext ctx) {
        Transfer t = new Transfer();
        BodyPipe pipe = new BodyPipe(BUFFER, () -> ctx.channel().eventLoop().execute(ctx::requestMore));
        Instant date = a.internalDate() == null ? null : a.internalDate().toInstant();
        ctx.readAppend(a.synchronizing(), chunk -> {
            if (chunk.last()) {
                t.received = true;
                pipe.finish();
                if (t.stored) {
                    finish(a.tag(), t, ctx);
                }
                return;
            }
            if (pipe.write(chunk.bytes())) {
                ctx.requestMore();
            }
        });
        // a connection lost in the middle of the literal must not leave the store waiting for the rest;
        // a literal received whole is still stored, as before
        ChannelFutureListener lost = f -> {
            if (!t.received) {
                pipe.abort();
            }
        };
        ctx.channel().closeFuture().addListener(lost);
        ctx.blocking(() -> store.append(ctx.data().principal(), name, new AppendRequest(pipe.input(), flags, date, null)),
                (result, failure) -> {
                    ctx.channel().closeFuture().removeListener(lost);
                    t.stored = true;
                    t.result = result;
                    t.failure = failure;
                    if (failure != null) {
                        // the store gave up: drop what waits and let the session drain the rest of the literal
                        pipe.readerGone();
                    }
                    if (t.received) {
                        finish(a.tag(), t, ctx);
                    }
                });
    }

    private static void finish(String tag, Transfer t, CommandContext ctx) {
        if (t.failure != null) {
            ctx.done(StoreFailures.response(tag, t.failure));
            return;
        }
        SelectedMailbox selected = ctx.data().selected();
        if (selected != null && selected.id().equals(t.result.mailboxId())) {
            // the client learns of its own message in the selected mailbox before the tagged OK (EXISTS)
            ctx.data().changesPending(true);
        }
        // stored: the APPEND costs nothing of the command rate (a failed one above keeps its cost)
        ctx.creditStoredAppend();
        ctx.done(new ImapResponse.Tagged(tag, ImapResponse.Condition.OK,
                ResponseCode.appendUid(t.result.uidValidity(), t.result.uid()), "APPEND completed"));
    }
}
