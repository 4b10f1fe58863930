package org.mailplatform.imap.mailbox;

import org.mailplatform.imap.codec.MailboxName;
import org.mailplatform.imap.session.CommandContext;

/** Mailbox names from the wire: modified UTF-7 for IMAP4rev1 clients, UTF-8 otherwise; INBOX in any case. */
public final class Names {

    private Names() {
    }

    public static String decode(String wire, CommandContext ctx) {
        return MailboxName.fromWire(wire, ctx.data().utf8());
    }

    public static String encode(String name, CommandContext ctx) {
        return MailboxName.toWire(name, ctx.data().utf8());
    }
}
