package org.mailplatform.imap.mailbox;

import java.util.List;

import org.mailplatform.imap.codec.ImapCommand;
import org.mailplatform.imap.codec.ImapResponse;
import org.mailplatform.imap.codec.ImapWriter;
import org.mailplatform.imap.codec.StatusItem;
import org.mailplatform.imap.session.CommandContext;
import org.mailplatform.store.MailboxStatus;
import org.mailplatform.store.MailboxStore;

/** STATUS (RFC 9051 section 6.3.11, STATUS=SIZE RFC 8438, APPENDLIMIT RFC 7889, MAILBOXID RFC 8474). */
public final class StatusCommand {

    private final MailboxStore store;
    private final long appendLimit;

    public StatusCommand(MailboxStore store, long appendLimit) {
        this.store = store;
        this.appendLimit = appendLimit;
    }

    public void handle(ImapCommand.Status c, CommandContext ctx) {
        String name;
        try {
            name = Names.decode(c.mailbox(), ctx);
        } catch (RuntimeException e) {
            ctx.done(StoreFailures.response(c.tag(), e));
            return;
        }
        if (c.items().contains(StatusItem.HIGHESTMODSEQ)) {
            ctx.data().useCondstore();
        }
        ctx.blocking(() -> store.status(ctx.data().principal(), name), (status, failure) -> {
            if (failure != null) {
                ctx.done(StoreFailures.response(c.tag(), failure));
                return;
            }
            ctx.send(response(name, status, c.items(), ctx));
            ctx.done(new ImapResponse.Tagged(c.tag(), ImapResponse.Condition.OK, null, "STATUS completed"));
        });
    }

    ImapResponse.Untagged response(String name, MailboxStatus status, List<StatusItem> items, CommandContext ctx) {
        ImapWriter w = new ImapWriter(ctx.data().utf8()).atom("STATUS").string(Names.encode(name, ctx)).open();
        for (StatusItem item : items) {
            w.atom(item.name());
            switch (item) {
                case MESSAGES -> w.number(status.mailbox().messages());
                case UIDNEXT -> w.number(status.mailbox().uidNext());
                case UIDVALIDITY -> w.number(status.mailbox().uidValidity());
                case UNSEEN -> w.number(status.unseen());
                case DELETED -> w.number(status.deleted());
                case SIZE -> w.number(status.mailbox().size());
                case RECENT -> w.number(0);
                case HIGHESTMODSEQ -> w.number(status.mailbox().highestModSeq());
                case APPENDLIMIT -> w.number(appendLimit);
                case MAILBOXID -> w.open().atom(status.mailbox().id()).close();
            }
        }
        return w.close().toResponse();
    }
}
