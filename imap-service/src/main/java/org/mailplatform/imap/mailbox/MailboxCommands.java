package org.mailplatform.imap.mailbox;

import java.util.Arrays;
import java.util.Optional;

import org.mailplatform.imap.codec.ImapCommand;
import org.mailplatform.imap.codec.ImapResponse;
import org.mailplatform.imap.codec.MailboxName;
import org.mailplatform.imap.codec.ResponseCode;
import org.mailplatform.imap.session.CommandContext;
import org.mailplatform.store.MailboxException;
import org.mailplatform.store.MailboxStore;
import org.mailplatform.store.SpecialUse;

/**
 * CREATE, DELETE, RENAME, SUBSCRIBE and UNSUBSCRIBE (RFC 9051 sections 6.3.4 to 6.3.8). Every name
 * is resolved by the store inside the authenticated user's own namespace only.
 */
public final class MailboxCommands {

    private final MailboxStore store;

    public MailboxCommands(MailboxStore store) {
        this.store = store;
    }

    /** CREATE, with CREATE-SPECIAL-USE's {@code (USE (attr))} (RFC 6154 section 3). */
    public void create(ImapCommand.Create c, CommandContext ctx) {
        SpecialUse use = null;
        if (!c.specialUse().isEmpty()) {
            Optional<SpecialUse> known = c.specialUse().size() == 1 ? creatable(c.specialUse().getFirst()) : Optional.empty();
            if (known.isEmpty()) {
                ctx.done(StoreFailures.no(c.tag(), StoreFailures.USEATTR, c.specialUse().size() == 1
                        ? "not a special use this server supports: " + c.specialUse().getFirst()
                        : "a mailbox has at most one special use"));
                return;
            }
            use = known.get();
        }
        SpecialUse specialUse = use;
        String wire = c.mailbox().endsWith("/") ? c.mailbox().substring(0, c.mailbox().length() - 1) : c.mailbox();
        run(c.tag(), ctx, wire, name -> {
            if (name.equals("INBOX")) {
                throw new MailboxException.AlreadyExists(name);
            }
            store.create(ctx.data().principal(), name, specialUse); // a use already held: NO [USEATTR]
        }, "CREATE completed");
    }

    /** The special uses a client may give a new mailbox: those the store knows, INBOX aside. */
    private static Optional<SpecialUse> creatable(String attribute) {
        return Arrays.stream(SpecialUse.values())
                .filter(u -> u.attribute() != null && u.attribute().equalsIgnoreCase(attribute)).findFirst();
    }

    public void delete(ImapCommand.Delete c, CommandContext ctx) {
        if (ctx.data().selected() != null && ctx.data().selected().name().equals(decodeQuietly(c.mailbox(), ctx))) {
            ctx.done(StoreFailures.no(c.tag(), ResponseCode.INUSE, "close the mailbox before deleting it"));
            return;
        }
        run(c.tag(), ctx, c.mailbox(), name -> store.delete(ctx.data().principal(), name), "DELETE completed");
    }

    public void rename(ImapCommand.Rename c, CommandContext ctx) {
        String to;
        try {
            to = Names.decode(c.to(), ctx);
        } catch (RuntimeException e) {
            ctx.done(StoreFailures.response(c.tag(), e));
            return;
        }
        run(c.tag(), ctx, c.from(), from -> store.rename(ctx.data().principal(), from, to), "RENAME completed");
    }

    public void subscribe(ImapCommand.Subscribe c, CommandContext ctx) {
        run(c.tag(), ctx, c.mailbox(), name -> store.subscribe(ctx.data().principal(), name, true), "SUBSCRIBE completed");
    }

    public void unsubscribe(ImapCommand.Unsubscribe c, CommandContext ctx) {
        run(c.tag(), ctx, c.mailbox(), name -> store.subscribe(ctx.data().principal(), name, false),
                "UNSUBSCRIBE completed");
    }

    private static String decodeQuietly(String wire, CommandContext ctx) {
        try {
            return Names.decode(wire, ctx);
        } catch (RuntimeException e) {
            return wire;
        }
    }

    /** An operation on a named mailbox. */
    @FunctionalInterface
    interface NameOperation {
        void apply(String name);
    }

    private static void run(String tag, CommandContext ctx, String wire, NameOperation op, String ok) {
        String name;
        try {
            name = Names.decode(wire, ctx);
        } catch (RuntimeException e) {
            ctx.done(StoreFailures.response(tag, e));
            return;
        }
        ctx.blocking(() -> {
            op.apply(name);
            return Boolean.TRUE;
        }, (r, failure) -> ctx.done(failure == null
                ? new ImapResponse.Tagged(tag, ImapResponse.Condition.OK, null, ok)
                : StoreFailures.response(tag, failure)));
    }

    static String wireName(String name, CommandContext ctx) {
        return MailboxName.toWire(name, ctx.data().utf8());
    }
}
