package org.mailplatform.imap.message;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.mailplatform.imap.codec.ImapCommand;
import org.mailplatform.imap.codec.ImapResponse;
import org.mailplatform.imap.session.CommandContext;
import org.mailplatform.imap.session.MailboxUpdates;
import org.mailplatform.imap.session.SelectedMailbox;

/**
 * IDLE (RFC 2177, RFC 9051 section 6.3.13): while the client idles, every change to the selected
 * mailbox announced on {@code mailbox.changes} (by this node, another IMAP node, delivery, POP3,
 * REST) makes the session read what changed and push it as EXISTS, EXPUNGE/VANISHED and FETCH.
 * A slow poll every {@code safetyPoll} (if positive) covers change events that were lost (Kafka
 * down): it reads the store only if the change feed was not reading without a gap since the
 * session's last read ({@code feedUnbrokenSince}, -1 when not reading), so idle sessions cost no
 * store reads while the feed is healthy. {@code DONE} ends it; an update in flight is finished
 * before the tagged OK.
 */
public final class IdleCommand {

    private final MailboxUpdates updates;
    private final Duration safetyPoll;
    private final LongSupplier feedUnbrokenSince;

    public IdleCommand(MailboxUpdates updates, Duration safetyPoll, LongSupplier feedUnbrokenSince) {
        this.updates = updates;
        this.safetyPoll = safetyPoll;
        this.feedUnbrokenSince = feedUnbrokenSince;
    }

    /** One IDLE in progress. */
    private final class Idling {
        private final ImapCommand.Idle command;
        private final CommandContext ctx;
        private final SelectedMailbox selected;
        private ScheduledFuture<?> timer;
        private boolean checking;
        private boolean again;
        private boolean ended;
        private String endLine;
        private SafetyPollGate pollGate;

        Idling(ImapCommand.Idle command, CommandContext ctx) {
            this.command = command;
            this.ctx = ctx;
            this.selected = ctx.data().selected();
        }

        void start() {
            ctx.send(new ImapResponse.Continuation("idling"));
            // SELECT (or the last update) read the store after the session registered for events
            pollGate = new SafetyPollGate(feedUnbrokenSince);
            if (selected != null) {
                ctx.onMailboxChange(this::check);
                if (safetyPoll.isPositive()) {
                    timer = ctx.channel().eventLoop().scheduleWithFixedDelay(this::poll, safetyPoll.toMillis(),
                            safetyPoll.toMillis(), TimeUnit.MILLISECONDS);
                    ctx.channel().closeFuture().addListener(f -> timer.cancel(false));
                }
                if (ctx.data().changesPending()) {
                    check();
                }
            }
            ctx.readLine(this::end);
        }

        private void poll() {
            if (pollGate.mustRead()) {
                check();
            }
        }

        private void check() {
            if (ended) {
                return;
            }
            if (checking) {
                again = true;
                return;
            }
            checking = true;
            ctx.data().changesPending(false);
            ctx.blocking(() -> updates.update(ctx.data(), selected, true), (update, failure) -> {
                checking = false;
                if (update != null) {
                    update.responses().forEach(ctx::send);
                } else {
                    ctx.data().changesPending(true);
                }
                if (ended) {
                    finish();
                } else if (again) {
                    again = false;
                    check();
                }
            });
        }

        private void end(String line) {
            ended = true;
            endLine = line;
            ctx.onMailboxChange(null);
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
