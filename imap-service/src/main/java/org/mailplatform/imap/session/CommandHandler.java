package org.mailplatform.imap.session;

import org.mailplatform.imap.codec.ImapCommand;

/** Carries out one kind of command; ends it with {@link CommandContext#done}. */
@FunctionalInterface
public interface CommandHandler<C extends ImapCommand> {

    void handle(C command, CommandContext ctx);
}
