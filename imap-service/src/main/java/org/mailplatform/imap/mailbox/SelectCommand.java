package org.mailplatform.imap.mailbox;

import java.util.ArrayList;
import java.util.List;

import org.mailplatform.imap.codec.ImapCommand;
import org.mailplatform.imap.codec.FlagList;
import org.mailplatform.imap.codec.ImapResponse;
import org.mailplatform.imap.codec.ImapWriter;
import org.mailplatform.imap.codec.ResponseCode;
import org.mailplatform.imap.session.CommandContext;
import org.mailplatform.imap.session.SelectedMailbox;
import org.mailplatform.imap.message.VanishedEarlier;
import org.mailplatform.store.Changes;
import org.mailplatform.store.Flags;
import org.mailplatform.store.MessageMeta;
import org.mailplatform.store.MailboxSnapshot;
import org.mailplatform.store.MailboxStatus;
import org.mailplatform.store.MailboxStore;
import org.mailplatform.store.UidSet;

/**
 * SELECT and EXAMINE (RFC 9051 sections 6.3.2 and 6.3.3, with the RFC 3501 responses RECENT and
 * UNSEEN a rev1 client expects), CLOSE (6.4.1: expunges silently unless read-only) and UNSELECT
 * (RFC 3691).
 */
public final class SelectCommand {

    static final List<String> FLAGS = List.of(Flags.ANSWERED, Flags.FLAGGED, Flags.DELETED, Flags.SEEN, Flags.DRAFT);

    private final MailboxStore store;

    public SelectCommand(MailboxStore store) {
        this.store = store;
    }

    /** What SELECT learns from the store; {@code changes} only for a QRESYNC with the right UIDVALIDITY. */
    private record Opened(MailboxStatus status, List<Long> uids, long firstUnseenUid, Changes changes) {
    }

    public void select(ImapCommand.Select c, CommandContext ctx) {
        String name;
        try {
            name = Names.decode(c.mailbox(), ctx);
        } catch (RuntimeException e) {
            ctx.done(StoreFailures.response(c.tag(), e));
            return;
        }
        ImapCommand.Qresync qresync = c.qresync();
        if (qresync != null && !ctx.data().qresync()) {
            // RFC 7162 section 3.2.5: QRESYNC parameter without ENABLE QRESYNC
            ctx.done(new ImapResponse.Tagged(c.tag(), ImapResponse.Condition.BAD, null, "ENABLE QRESYNC first"));
            return;
        }
        if (c.condstore()) {
            ctx.data().useCondstore();
        }
        boolean wasSelected = ctx.data().selected() != null;
        // a failed SELECT leaves the session unselected (RFC 9051 section 6.3.2)
        ctx.data().select(null);
        if (wasSelected) {
            ctx.send(new ImapResponse.UntaggedStatus(ImapResponse.Condition.OK, ResponseCode.CLOSED, "previous mailbox closed"));
        }
        ctx.blocking(() -> {
            MailboxSnapshot snapshot = store.open(ctx.data().principal(), name);
            MailboxStatus status = snapshot.status();
            Changes changes = qresync != null && qresync.uidValidity() == status.mailbox().uidValidity()
                    ? store.changesSince(ctx.data().principal(), name, qresync.modSeq()) : null;
            return new Opened(status, snapshot.uids(), snapshot.firstUnseenUid(), changes);
        }, (opened, failure) -> {
            if (failure != null) {
                ctx.done(StoreFailures.response(c.tag(), failure));
                return;
            }
            SelectedMailbox selected = new SelectedMailbox(opened.status().mailbox().name(), opened.status().mailbox().id(),
                    opened.status().mailbox().uidValidity(), c.readOnly(), opened.uids(),
                    opened.status().mailbox().highestModSeq());
            ctx.data().select(selected);
            // a client that walks the mailbox one message per command is not cut off by the rate
            ctx.creditCommands(selected);
            boolean utf8 = ctx.data().utf8();
            ImapWriter flags = new ImapWriter(utf8).atom("FLAGS").open();
            FLAGS.forEach(flags::atom);
            ctx.send(flags.close().toResponse());
            ctx.send(new ImapWriter(utf8).number(selected.exists()).atom("EXISTS").toResponse());
            if (!ctx.data().rev2()) {
                ctx.send(new ImapWriter(utf8).number(0).atom("RECENT").toResponse());
                if (opened.firstUnseenUid() > 0 && selected.seqOf(opened.firstUnseenUid()) > 0) {
                    ctx.send(okCode(ResponseCode.number("UNSEEN", selected.seqOf(opened.firstUnseenUid())), "first unseen"));
                }
            }
            List<String> permanent = new ArrayList<>(FLAGS);
            permanent.add("\\*");
            ctx.send(okCode(ResponseCode.permanentFlags(c.readOnly() ? List.of() : permanent), "flags permitted"));
            ctx.send(okCode(ResponseCode.number("UIDVALIDITY", selected.uidValidity()), "UIDs valid"));
            ctx.send(okCode(ResponseCode.number("UIDNEXT", opened.status().mailbox().uidNext()), "predicted next UID"));
            ctx.send(okCode(new ResponseCode("MAILBOXID", "(" + selected.id() + ")"), "mailbox id"));
            ctx.send(okCode(ResponseCode.number("HIGHESTMODSEQ", opened.status().mailbox().highestModSeq()),
                    "highest modification sequence"));
            if (opened.changes() != null) {
                resynchronise(qresync, opened.changes(), selected, opened.status().mailbox().uidNext(), ctx);
            }
            ctx.done(new ImapResponse.Tagged(c.tag(), ImapResponse.Condition.OK,
                    c.readOnly() ? ResponseCode.READ_ONLY : ResponseCode.READ_WRITE,
                    (c.readOnly() ? "EXAMINE" : "SELECT") + " completed"));
        });
    }

    /**
     * QRESYNC (RFC 7162 section 3.2.5.2): the UIDs expunged since the client's MODSEQ (those it
     * says it knows, if it says; every absent one when the store has forgotten expunges that old),
     * then the flags of every message changed since.
     */
    private static void resynchronise(ImapCommand.Qresync q, Changes changes, SelectedMailbox selected, long uidNext,
                                      CommandContext ctx) {
        String vanished = VanishedEarlier.of(changes, selected.uids(), uidNext, q.knownUids());
        if (vanished != null) {
            ctx.send(new ImapWriter(false).atom("VANISHED").open().atom("EARLIER").close().atom(vanished)
                    .toResponse());
        }
        for (MessageMeta m : changes.changed()) {
            int seq = selected.seqOf(m.uid());
            if (seq > 0) {
                ctx.send(new ImapWriter(false).number(seq).atom("FETCH").open().atom("UID").number(m.uid())
                        .atom("FLAGS").atom(FlagList.format(m.flags()))
                        .atom("MODSEQ").open().number(m.modSeq()).close().close().toResponse());
            }
        }
    }

    /** CLOSE: expunges \Deleted messages without EXPUNGE responses, unless the mailbox is read-only. */
    public void close(ImapCommand.Close c, CommandContext ctx) {
        SelectedMailbox selected = ctx.data().selected();
        ctx.data().select(null);
        if (selected.readOnly()) {
            ctx.done(new ImapResponse.Tagged(c.tag(), ImapResponse.Condition.OK, null, "CLOSE completed"));
            return;
        }
        ctx.blocking(() -> store.expunge(ctx.data().principal(), selected.name(), null), (r, failure) ->
                ctx.done(failure == null ? new ImapResponse.Tagged(c.tag(), ImapResponse.Condition.OK, null, "CLOSE completed")
                        : StoreFailures.response(c.tag(), failure)));
    }

    public void unselect(ImapCommand.Unselect c, CommandContext ctx) {
        ctx.data().select(null);
        ctx.done(new ImapResponse.Tagged(c.tag(), ImapResponse.Condition.OK, null, "UNSELECT completed"));
    }

    private static ImapResponse okCode(ResponseCode code, String text) {
        return new ImapResponse.UntaggedStatus(ImapResponse.Condition.OK, code, text);
    }

    static UidSet all() {
        return UidSet.all();
    }
}
