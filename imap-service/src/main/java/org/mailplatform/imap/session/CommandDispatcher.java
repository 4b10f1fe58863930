package org.mailplatform.imap.session;

import org.mailplatform.imap.codec.ImapCommand;

/** Hands a command whose state was checked to the handler that carries it out. */
@FunctionalInterface
public interface CommandDispatcher {

    void dispatch(ImapCommand command, CommandContext ctx);
}
