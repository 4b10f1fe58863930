package org.mailplatform.imap.session;

import org.mailplatform.imap.codec.ImapCommand;
import org.mailplatform.imap.codec.ImapResponse;

/**
 * Routes each command record to its handler: the one switch over {@link ImapCommand}. Commands the
 * server parses but does not carry out yet are answered BAD and are not advertised.
 */
public final class CommandDispatcher {

    private final SessionCommands session;
    private final StartTlsCommand startTls;
    private final CommandHandler<ImapCommand.Login> login;
    private final CommandHandler<ImapCommand.Authenticate> authenticate;

    public CommandDispatcher(SessionCommands session, StartTlsCommand startTls,
                             CommandHandler<ImapCommand.Login> login,
                             CommandHandler<ImapCommand.Authenticate> authenticate) {
        this.session = session;
        this.startTls = startTls;
        this.login = login;
        this.authenticate = authenticate;
    }

    public void dispatch(ImapCommand command, CommandContext ctx) {
        switch (command) {
            case ImapCommand.Capability c -> session.capability(c, ctx);
            case ImapCommand.Noop c -> session.noop(c, ctx);
            case ImapCommand.Logout c -> session.logout(c, ctx);
            case ImapCommand.Enable c -> session.enable(c, ctx);
            case ImapCommand.Id c -> session.id(c, ctx);
            case ImapCommand.Namespace c -> session.namespace(c, ctx);
            case ImapCommand.StartTls c -> startTls.handle(c, ctx);
            case ImapCommand.Login c -> login.handle(c, ctx);
            case ImapCommand.Authenticate c -> authenticate.handle(c, ctx);
            case ImapCommand.Append c -> {
                ctx.refuseAppend();
                notSupported(c, ctx);
            }
            default -> notSupported(command, ctx);
        }
    }

    private static void notSupported(ImapCommand command, CommandContext ctx) {
        ctx.done(new ImapResponse.Tagged(command.tag(), ImapResponse.Condition.BAD, null,
                command.name() + " is not supported"));
    }
}
