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
import org.mailplatform.store.MailboxName;
import org.mailplatform.store.MailboxStore;

/**
 * LIST (RFC 9051 section 6.3.9) with the extended syntax (RFC 5258: selection SUBSCRIBED,
 * RECURSIVEMATCH with CHILDINFO, SPECIAL-USE; return SUBSCRIBED, CHILDREN, SPECIAL-USE), LIST-STATUS
 * (RFC 5819), special-use attributes (RFC 6154), and LSUB (RFC 3501). Children attributes are always
 * returned. A name that does not exist but has mailboxes below it ({@code a} of {@code a/b}) is
 * listed as {@code \NonExistent} (extended syntax or IMAP4rev2) or {@code \Noselect} (plain rev1 LIST).
 */
public final class ListCommand {

    private final MailboxStore store;
    private final StatusCommand status;

    public ListCommand(MailboxStore store, StatusCommand status) {
        this.store = store;
        this.status = status;
    }

    /**
     * One name of the answer: an existing mailbox (with its STATUS if asked), or, with a null
     * mailbox, a name that only exists as the parent of others; {@code childInfo}: a descendant
     * matches the selection (RECURSIVEMATCH).
     */
    private record Row(String name, MailboxInfo mailbox, ImapResponse.Untagged status, boolean childInfo) {
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
        boolean recursive = c.selectionOptions().contains("RECURSIVEMATCH");
        boolean saySubscribed = !c.lsub() && (subscribedOnly || c.returnOptions().contains("SUBSCRIBED"));
        boolean extended = ctx.data().rev2() || !c.selectionOptions().isEmpty() || !c.returnOptions().isEmpty();
        ctx.blocking(() -> {
            List<MailboxInfo> all = store.list(ctx.data().principal(), "", "*", false);
            Map<String, MailboxInfo> existing = new LinkedHashMap<>();
            all.forEach(m -> existing.put(m.name(), m));
            java.util.TreeMap<String, Row> rows = new java.util.TreeMap<>();
            for (String p : patterns) {
                String full = reference + p;
                for (MailboxInfo m : store.list(ctx.data().principal(), reference, p, subscribedOnly)) {
                    if (!specialOnly || m.specialUse() != null && m.specialUse().attribute() != null) {
                        rows.putIfAbsent(m.name(), new Row(m.name(), m, null, false));
                    }
                }
                if (c.lsub() || specialOnly) {
                    continue;
                }
                for (String parent : impliedParents(existing.keySet())) {
                    if (!subscribedOnly && MailboxName.matches(full, parent)) {
                        rows.putIfAbsent(parent, new Row(parent, null, null, false));
                    }
                }
                if (recursive) {
                    // RFC 5258 section 3.5: names whose descendants are subscribed, with CHILDINFO
                    for (MailboxInfo m : all) {
                        if (!m.subscribed()) {
                            continue;
                        }
                        for (String ancestor : ancestors(m.name())) {
                            if (MailboxName.matches(full, ancestor)) {
                                Row known = rows.get(ancestor);
                                rows.put(ancestor, new Row(ancestor, known != null ? known.mailbox()
                                        : existing.get(ancestor), null, true));
                            }
                        }
                    }
                }
            }
            List<Row> out = new ArrayList<>();
            for (Row r : rows.values()) {
                ImapResponse.Untagged st = c.returnStatus().isEmpty() || r.mailbox() == null ? null
                        : status.response(r.name(), store.status(ctx.data().principal(), r.name()), c.returnStatus(), ctx);
                out.add(new Row(r.name(), r.mailbox(), st, r.childInfo()));
            }
            return new Answer(all, out);
        }, (result, failure) -> {
            if (failure != null) {
                ctx.done(StoreFailures.response(c.tag(), failure));
                return;
            }
            List<MailboxInfo> all = result.all();
            for (Row row : result.rows()) {
                MailboxInfo m = row.mailbox();
                ImapWriter w = new ImapWriter(ctx.data().utf8()).atom(verb).open();
                if (m == null) {
                    w.atom(extended ? "\\NonExistent" : "\\Noselect");
                }
                boolean children = all.stream().anyMatch(o -> o.name().startsWith(row.name() + "/"));
                w.atom(children ? "\\HasChildren" : "\\HasNoChildren");
                if (m != null && saySubscribed && m.subscribed()) {
                    w.atom("\\Subscribed");
                }
                if (m != null && m.specialUse() != null && m.specialUse().attribute() != null) {
                    w.atom(m.specialUse().attribute());
                }
                w.close().string("/").string(Names.encode(row.name(), ctx));
                if (row.childInfo()) {
                    w.open().string("CHILDINFO").open().string("SUBSCRIBED").close().close();
                }
                ctx.send(w.toResponse());
                if (row.status() != null) {
                    ctx.send(row.status());
                }
            }
            ctx.done(ok(c.tag(), verb + " completed"));
        });
    }

    /** Names that are not mailboxes but have mailboxes below them. */
    private static java.util.Set<String> impliedParents(java.util.Set<String> names) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (String n : names) {
            for (String a : ancestors(n)) {
                if (!names.contains(a)) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    /** {@code a} and {@code a/b} for {@code a/b/c}. */
    private static List<String> ancestors(String name) {
        List<String> out = new ArrayList<>();
        for (int i = name.indexOf('/'); i > 0; i = name.indexOf('/', i + 1)) {
            out.add(name.substring(0, i));
        }
        return out;
    }

    private static ImapResponse.Tagged ok(String tag, String text) {
        return new ImapResponse.Tagged(tag, ImapResponse.Condition.OK, null, text);
    }
}
