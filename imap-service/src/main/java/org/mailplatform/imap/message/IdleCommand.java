package org.mailplatform.imap.message;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.mailplatform.imap.codec.ImapCommand;
import org.mailplatform.imap.codec.ImapResponse;
import org.mailplatform.imap.session.CommandContext;
import org.mailplatform.imap.session.SelectedMailbox;

/**
 * IDLE (RFC 2177, RFC 9051 section 6.3.13): while the client idles, the selected mailbox is
 * checked against the store every {@code pollInterval} and changes made anywhere (this node,
 * another IMAP node, delivery, POP3, REST) are pushed as EXISTS, EXPUNGE and FETCH FLAGS.
 * {@code DONE} ends it; a check in flight is finished before the tagged OK.
 */
public final class IdleCommand {

    private final MailboxSync sync;
    private final Duration pollInterval;

    public IdleCommand(MailboxSync sync, Duration pollInterval) {
        this.sync = sync;
        this.pollInterval = pollInterval;
    }

    /** One IDLE in progress. */
    private final class Idling {
        private final ImapCommand.Idle command;
        private final CommandContext ctx;
        private final SelectedMailbox selected;
        private ScheduledFuture<?> timer;
        private boolean checking;
        private boolean ended;
        private String endLine;

        Idling(ImapCommand.Idle command, CommandContext ctx) {
            this.command = command;
            this.ctx = ctx;
            this.selected = ctx.data().selected();
        }

        void start() {
            ctx.send(new ImapResponse.Continuation("idling"));
            if (selected != null) {
                timer = ctx.channel().eventLoop().scheduleWithFixedDelay(this::check, pollInterval.toMillis(),
                        pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                ctx.channel().closeFuture().addListener(f -> timer.cancel(false));
            }
            ctx.readLine(this::end);
        }

        private void check() {
            if (checking || ended) {
                return;
            }
            checking = true;
            ctx.blocking(() -> sync.sync(ctx.data().principal(), selected, ctx.data().utf8()),
                    (List<ImapResponse> updates, Throwable failure) -> {
                        checking = false;
                        if (updates != null) {
                            updates.forEach(ctx::send);
                        }
                        if (ended) {
                            finish();
                        }
                    });
        }

        private void end(String line) {
            ended = true;
            endLine = line;
            if (timer != null) {
                timer.cancel(false);
            }
            if (!checking) {
                finish();
            }
        }

        private void finish() {
            boolean done = endLine.strip().toUpperCase(Locale.ROOT).equals("DONE");
            ctx.done(new ImapResponse.Tagged(command.tag(), done ? ImapResponse.Condition.OK : ImapResponse.Condition.BAD,
                    null, done ? "IDLE terminated" : "expected DONE"));
        }
    }

    public void handle(ImapCommand.Idle c, CommandContext ctx) {
        new Idling(c, ctx).start();
    }
}
