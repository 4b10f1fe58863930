package org.mailplatform.imap.mailbox;

import org.mailplatform.imap.codec.ImapCommand;
import org.mailplatform.imap.codec.ImapResponse;
import org.mailplatform.imap.codec.ImapWriter;
import org.mailplatform.imap.codec.ResponseCode;
import org.mailplatform.imap.session.CommandContext;
import org.mailplatform.store.MailboxStore;
import org.mailplatform.store.QuotaUsage;

/**
 * QUOTA (RFC 9208): GETQUOTAROOT and GETQUOTA report the user's one quota root {@code ""} with the
 * STORAGE (in units of 1024 octets) and MESSAGE resources that have a limit; a user without any
 * limit has no quota root. SETQUOTA is refused: quotas are an administrator's business (directory,
 * {@code mail.store.quota-*}), not the user's.
 */
public final class QuotaCommand {

    /** The only quota root: every mailbox of the user counts against it. */
    static final String ROOT = "";

    private final MailboxStore store;

    public QuotaCommand(MailboxStore store) {
        this.store = store;
    }

    public void getQuotaRoot(ImapCommand.GetQuotaRoot c, CommandContext ctx) {
        String name;
        try {
            name = Names.decode(c.mailbox(), ctx);
        } catch (RuntimeException e) {
            ctx.done(StoreFailures.response(c.tag(), e));
            return;
        }
        ctx.blocking(() -> {
            if (store.find(ctx.data().principal(), name).isEmpty()) {
                throw new org.mailplatform.store.MailboxException.NotFound(name);
            }
            return store.quota(ctx.data().principal());
        }, (QuotaUsage usage, Throwable failure) -> {
            if (failure != null) {
                ctx.done(StoreFailures.response(c.tag(), failure));
                return;
            }
            ImapWriter roots = new ImapWriter(ctx.data().utf8()).atom("QUOTAROOT").string(Names.encode(name, ctx));
            if (limited(usage)) {
                roots.string(ROOT);
            }
            ctx.send(roots.toResponse());
            if (limited(usage)) {
                ctx.send(quota(usage));
            }
            ctx.done(ok(c.tag(), "GETQUOTAROOT completed"));
        });
    }

    public void getQuota(ImapCommand.GetQuota c, CommandContext ctx) {
        ctx.blocking(() -> store.quota(ctx.data().principal()), (QuotaUsage usage, Throwable failure) -> {
            if (failure != null) {
                ctx.done(StoreFailures.response(c.tag(), failure));
                return;
            }
            if (!c.root().equals(ROOT) || !limited(usage)) {
                ctx.done(new ImapResponse.Tagged(c.tag(), ImapResponse.Condition.NO, ResponseCode.NONEXISTENT,
                        "no such quota root"));
                return;
            }
            ctx.send(quota(usage));
            ctx.done(ok(c.tag(), "GETQUOTA completed"));
        });
    }

    public void setQuota(ImapCommand.SetQuota c, CommandContext ctx) {
        ctx.done(new ImapResponse.Tagged(c.tag(), ImapResponse.Condition.NO, ResponseCode.NOPERM,
                "quotas are set by the administrator"));
    }

    private static boolean limited(QuotaUsage u) {
        return u.bytesLimit() > 0 || u.messagesLimit() > 0;
    }

    private static ImapResponse quota(QuotaUsage u) {
        ImapWriter w = new ImapWriter(false).atom("QUOTA").string(ROOT).open();
        if (u.bytesLimit() > 0) {
            // RFC 9208 section 5.1: STORAGE counts units of 1024 octets; usage rounds up, the limit down
            w.atom("STORAGE").number((u.bytes() + 1023) / 1024).number(u.bytesLimit() / 1024);
        }
        if (u.messagesLimit() > 0) {
            w.atom("MESSAGE").number(u.messages()).number(u.messagesLimit());
        }
        return w.close().toResponse();
    }

    private static ImapResponse.Tagged ok(String tag, String text) {
        return new ImapResponse.Tagged(tag, ImapResponse.Condition.OK, null, text);
    }
}
