package org.mailplatform.imap.message;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.mailplatform.imap.codec.ImapCommand;
import org.mailplatform.imap.codec.FlagList;
import org.mailplatform.imap.codec.ImapResponse;
import org.mailplatform.imap.codec.ImapSyntaxException;
import org.mailplatform.imap.codec.ImapWriter;
import org.mailplatform.imap.codec.ResponseCode;
import org.mailplatform.imap.codec.SequenceSet;
import org.mailplatform.imap.mailbox.Names;
import org.mailplatform.imap.mailbox.StoreFailures;
import org.mailplatform.imap.session.CommandContext;
import org.mailplatform.imap.session.SelectedMailbox;
import org.mailplatform.store.CopyResult;
import org.mailplatform.store.FlagOperation;
import org.mailplatform.store.FlagUpdateResult;
import org.mailplatform.store.MailboxException;
import org.mailplatform.store.MailboxStore;
import org.mailplatform.store.MessageMeta;
import org.mailplatform.store.MessageRange;

/**
 * STORE (RFC 9051 section 6.4.6, UNCHANGEDSINCE of RFC 7162), COPY (6.4.7) and MOVE (RFC 6851)
 * with COPYUID (RFC 4315), EXPUNGE (6.4.3) and UID EXPUNGE (RFC 4315), NOOP/CHECK in the selected
 * state (which report what changed), on the session's sequence-number view.
 */
public final class MessageCommands {

    private final MailboxStore store;
    private final MailboxSync sync;

    public MessageCommands(MailboxStore store, MailboxSync sync) {
        this.store = store;
        this.sync = sync;
    }

    public void store(ImapCommand.Store c, CommandContext ctx) {
        SelectedMailbox selected = ctx.data().selected();
        if (selected.readOnly()) {
            ctx.done(no(c.tag(), ResponseCode.READ_ONLY, "mailbox is read-only"));
            return;
        }
        List<Long> uids = resolve(c.tag(), c.set(), c.uid(), ctx);
        if (uids == null) {
            return;
        }
        if (uids.isEmpty()) {
            ctx.done(ok(c.tag(), "STORE completed"));
            return;
        }
        Set<String> flags = new HashSet<>(c.flags());
        flags.remove("\\Recent");
        FlagOperation op = switch (c.mode()) {
            case ADD -> FlagOperation.ADD;
            case REMOVE -> FlagOperation.REMOVE;
            case REPLACE -> FlagOperation.REPLACE;
        };
        Long unchangedSince = c.unchangedSince() < 0 ? null : c.unchangedSince();
        if (unchangedSince != null) {
            ctx.data().useCondstore();
        }
        boolean condstore = ctx.data().condstore();
        MessageRange range = new MessageRange.ByUid(SelectedMailbox.toUidSet(uids));
        ctx.blocking(() -> {
            FlagUpdateResult r = store.updateFlags(ctx.data().principal(), selected.name(), range, op, flags, unchangedSince);
            // RFC 9051 section 6.4.6: a non-silent STORE reports the flags of every message it addressed
            return c.silent() ? r : new FlagUpdateResult(store.fetch(ctx.data().principal(), selected.name(), range)
                    .stream().filter(m -> !r.modified().contains(m.uid())).toList(), r.modified());
        }, (result, failure) -> {
            if (failure != null) {
                ctx.done(failure instanceof IllegalArgumentException
                        ? new ImapResponse.Tagged(c.tag(), ImapResponse.Condition.BAD, null, failure.getMessage())
                        : StoreFailures.response(c.tag(), failure));
                return;
            }
            result.updated().forEach(m -> selected.reported(m.uid(), m.modSeq()));
            for (MessageMeta m : result.updated()) {
                int seq = selected.seqOf(m.uid());
                if (seq <= 0 || (c.silent() && !condstore)) {
                    continue;
                }
                ImapWriter w = new ImapWriter(ctx.data().utf8()).number(seq).atom("FETCH").open();
                if (!c.silent()) {
                    w.atom("FLAGS").atom(FlagList.format(m.flags()));
                }
                w.atom("UID").number(m.uid());
                if (condstore) {
                    // RFC 7162 section 3.1.3: the new MODSEQ is reported even for .SILENT
                    w.atom("MODSEQ").open().number(m.modSeq()).close();
                }
                ctx.send(w.close().toResponse());
            }
            ctx.done(modified(c, result, selected));
        });
    }

    /** RFC 7162 section 3.1.3: MODIFIED lists UIDs for UID STORE, sequence numbers for STORE. */
    private static ImapResponse.Tagged modified(ImapCommand.Store c, FlagUpdateResult result, SelectedMailbox selected) {
        String tag = c.tag();
        if (result.modified().isEmpty()) {
            return ok(tag, "STORE completed");
        }
        List<Long> failed = result.modified().stream().map(u -> c.uid() ? u : (long) selected.seqOf(u))
                .filter(n -> n > 0).sorted().toList();
        return new ImapResponse.Tagged(tag, ImapResponse.Condition.OK,
                new ResponseCode("MODIFIED", SequenceSet.format(failed)),
                "conditional STORE failed for some messages");
    }

    public void copy(ImapCommand.Copy c, CommandContext ctx) {
        copyOrMove(c.tag(), c.set(), c.uid(), c.mailbox(), false, ctx);
    }

    public void move(ImapCommand.Move c, CommandContext ctx) {
        if (ctx.data().selected().readOnly()) {
            ctx.done(no(c.tag(), ResponseCode.READ_ONLY, "mailbox is read-only"));
            return;
        }
        copyOrMove(c.tag(), c.set(), c.uid(), c.mailbox(), true, ctx);
    }

    private void copyOrMove(String tag, SequenceSet set, boolean byUid, String mailbox, boolean move, CommandContext ctx) {
        SelectedMailbox selected = ctx.data().selected();
        String verb = move ? "MOVE" : "COPY";
        List<Long> uids = resolve(tag, set, byUid, ctx);
        if (uids == null) {
            return;
        }
        String target;
        try {
            target = Names.decode(mailbox, ctx);
        } catch (RuntimeException e) {
            ctx.done(StoreFailures.response(tag, e));
            return;
        }
        if (uids.isEmpty()) {
            ctx.done(ok(tag, verb + " completed"));
            return;
        }
        ctx.blocking(() -> {
            if (store.find(ctx.data().principal(), target).isEmpty()) {
                throw new MailboxException.NotFound(target);
            }
            MessageRange range = new MessageRange.ByUid(SelectedMailbox.toUidSet(uids));
            return move ? store.move(ctx.data().principal(), selected.name(), range, target)
                    : store.copy(ctx.data().principal(), selected.name(), range, target);
        }, (CopyResult result, Throwable failure) -> {
            if (failure instanceof MailboxException.NotFound) {
                ctx.done(no(tag, ResponseCode.TRYCREATE, "no such mailbox"));
                return;
            }
            if (failure != null) {
                ctx.done(StoreFailures.response(tag, failure));
                return;
            }
            ResponseCode copyUid = result.sourceUids().isEmpty() ? null : ResponseCode.copyUid(result.targetUidValidity(),
                    SequenceSet.format(result.sourceUids()), SequenceSet.format(result.targetUids()));
            if (!move) {
                if (target.equalsIgnoreCase(selected.name()) && !result.targetUids().isEmpty()) {
                    // copies into the selected mailbox are announced (EXISTS) before the tagged OK
                    ctx.data().changesPending(true);
                }
                ctx.done(new ImapResponse.Tagged(tag, ImapResponse.Condition.OK, copyUid, "COPY completed"));
                return;
            }
            if (copyUid != null) {
                ctx.send(new ImapResponse.UntaggedStatus(ImapResponse.Condition.OK, copyUid, "moved"));
            }
            expunged(result.sourceUids(), selected, ctx);
            ctx.done(ok(tag, "MOVE completed"));
        });
    }

    public void expunge(ImapCommand.Expunge c, CommandContext ctx) {
        SelectedMailbox selected = ctx.data().selected();
        if (selected.readOnly()) {
            ctx.done(no(c.tag(), ResponseCode.READ_ONLY, "mailbox is read-only"));
            return;
        }
        org.mailplatform.store.UidSet only = null;
        if (c.uids() != null) {
            List<Long> uids = resolve(c.tag(), c.uids(), true, ctx);
            if (uids == null) {
                return;
            }
            if (uids.isEmpty()) {
                ctx.done(ok(c.tag(), "EXPUNGE completed"));
                return;
            }
            only = SelectedMailbox.toUidSet(uids);
        }
        org.mailplatform.store.UidSet set = only;
        ctx.blocking(() -> store.expunge(ctx.data().principal(), selected.name(), set), (gone, failure) -> {
            if (failure != null) {
                ctx.done(StoreFailures.response(c.tag(), failure));
                return;
            }
            expunged(gone, selected, ctx);
            ctx.done(ok(c.tag(), "EXPUNGE completed"));
        });
    }

    /** NOOP and CHECK while selected: report what changed (RFC 9051 section 6.1.2). */
    public void poll(String tag, String verb, CommandContext ctx) {
        SelectedMailbox selected = ctx.data().selected();
        ctx.data().changesPending(false);
        ctx.blocking(() -> sync.update(ctx.data(), selected, true), (update, failure) -> {
            if (failure != null) {
                ctx.data().changesPending(true);
                ctx.done(StoreFailures.response(tag, failure));
                return;
            }
            update.responses().forEach(ctx::send);
            ctx.done(ok(tag, verb + " completed"));
        });
    }

    /**
     * EXPUNGE responses, highest sequence number first so each is right when read; with QRESYNC one
     * VANISHED response instead (RFC 7162 section 3.2.10).
     */
    private static void expunged(List<Long> uids, SelectedMailbox selected, CommandContext ctx) {
        if (ctx.data().qresync()) {
            List<Long> gone = uids.stream().filter(u -> selected.expunged(u) > 0).sorted().toList();
            if (!gone.isEmpty()) {
                ctx.send(new ImapWriter(false).atom("VANISHED").atom(SequenceSet.format(gone)).toResponse());
            }
            return;
        }
        List<Long> descending = uids.stream().sorted(java.util.Comparator.reverseOrder()).toList();
        for (long uid : descending) {
            int seq = selected.expunged(uid);
            if (seq > 0) {
                ctx.send(new ImapWriter(false).number(seq).atom("EXPUNGE").toResponse());
            }
        }
    }

    private static List<Long> resolve(String tag, SequenceSet set, boolean byUid, CommandContext ctx) {
        try {
            return ctx.data().selected().resolve(set, byUid);
        } catch (ImapSyntaxException e) {
            ctx.done(new ImapResponse.Tagged(tag, ImapResponse.Condition.BAD, e.code(), e.getMessage()));
            return null;
        }
    }

    static ImapResponse.Tagged ok(String tag, String text) {
        return new ImapResponse.Tagged(tag, ImapResponse.Condition.OK, null, text);
    }

    static ImapResponse.Tagged no(String tag, ResponseCode code, String text) {
        return new ImapResponse.Tagged(tag, ImapResponse.Condition.NO, code, text);
    }
}
