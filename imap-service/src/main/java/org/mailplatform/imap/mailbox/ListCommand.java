package org.mailplatform.imap.mailbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mailplatform.imap.codec.ImapCommand;
import org.mailplatform.imap.codec.ImapResponse;
import org.mailplatform.imap.codec.ImapWriter;
import org.mailplatform.imap.session.CommandContext;
import org.mailplatform.store.MailboxInfo;
import org.mailplatform.store.MailboxStore;

/**
 * LIST (RFC 9051 section 6.3.9) with the extended syntax (RFC 5258: selection SUBSCRIBED and
 * SPECIAL-USE, return SUBSCRIBED, CHILDREN, SPECIAL-USE), LIST-STATUS (RFC 5819), special-use
 * attributes (RFC 6154), and LSUB (RFC 3501). Children attributes are always returned.
 */
public final class ListCommand {

    private final MailboxStore store;
    private final StatusCommand status;

    public ListCommand(MailboxStore store, StatusCommand status) {
        this.store = store;
        this.status = status;
    }

    /** One mailbox of the answer and whether to say \Subscribed. */
    private record Row(MailboxInfo mailbox, ImapResponse.Untagged status) {
    }

    /** Every mailbox of the user (for the children attributes) and the matching rows. */
    private record Answer(List<MailboxInfo> all, List<Row> rows) {
    }

    public void handle(ImapCommand.ListMailboxes c, CommandContext ctx) {
        String verb = c.lsub() ? "LSUB" : "LIST";
        if (!c.lsub() && c.patterns().size() == 1 && c.patterns().getFirst().isEmpty()) {
            // the hierarchy delimiter and root (RFC 9051 section 6.3.9)
            ctx.send(new ImapWriter(false).atom("LIST").open().atom("\\Noselect").close().string("/").string("")
                    .toResponse());
            ctx.done(ok(c.tag(), "LIST completed"));
            return;
        }
        String reference;
        List<String> patterns = new ArrayList<>();
        try {
            reference = Names.decode(c.reference(), ctx);
            for (String p : c.patterns()) {
                patterns.add(Names.decode(p, ctx));
            }
        } catch (RuntimeException e) {
            ctx.done(StoreFailures.response(c.tag(), e));
            return;
        }
        boolean subscribedOnly = c.selectionOptions().contains("SUBSCRIBED");
        boolean specialOnly = c.selectionOptions().contains("SPECIAL-USE");
        boolean saySubscribed = !c.lsub() && (subscribedOnly || c.returnOptions().contains("SUBSCRIBED"));
        ctx.blocking(() -> {
            List<MailboxInfo> all = store.list(ctx.data().principal(), "", "*", false);
            Map<String, MailboxInfo> matched = new LinkedHashMap<>();
            for (String p : patterns) {
                for (MailboxInfo m : store.list(ctx.data().principal(), reference, p, subscribedOnly)) {
                    if (!specialOnly || m.specialUse() != null && m.specialUse().attribute() != null) {
                        matched.putIfAbsent(m.name(), m);
                    }
                }
            }
            List<Row> rows = new ArrayList<>();
            for (MailboxInfo m : matched.values()) {
                ImapResponse.Untagged st = c.returnStatus().isEmpty() ? null
                        : status.response(m.name(), store.status(ctx.data().principal(), m.name()), c.returnStatus(), ctx);
                rows.add(new Row(m, st));
            }
            return new Answer(all, rows);
        }, (result, failure) -> {
            if (failure != null) {
                ctx.done(StoreFailures.response(c.tag(), failure));
                return;
            }
            List<MailboxInfo> all = result.all();
            for (Row row : result.rows()) {
                MailboxInfo m = row.mailbox();
                ImapWriter w = new ImapWriter(ctx.data().utf8()).atom(verb).open();
                boolean children = all.stream().anyMatch(o -> o.name().startsWith(m.name() + "/"));
                w.atom(children ? "\\HasChildren" : "\\HasNoChildren");
                if (saySubscribed && m.subscribed()) {
                    w.atom("\\Subscribed");
                }
                if (m.specialUse() != null && m.specialUse().attribute() != null) {
                    w.atom(m.specialUse().attribute());
                }
                ctx.send(w.close().string("/").string(Names.encode(m.name(), ctx)).toResponse());
                if (row.status() != null) {
                    ctx.send(row.status());
                }
            }
            ctx.done(ok(c.tag(), verb + " completed"));
        });
    }

    private static ImapResponse.Tagged ok(String tag, String text) {
        return new ImapResponse.Tagged(tag, ImapResponse.Condition.OK, null, text);
    }
}
