package org.mailplatform.imap.config;

import org.mailplatform.imap.auth.AuthenticateCommand;
import org.mailplatform.imap.auth.LoginCommand;
import org.mailplatform.imap.codec.ImapCommand;
import org.mailplatform.imap.codec.ImapResponse;
import org.mailplatform.imap.codec.SessionState;
import org.mailplatform.imap.mailbox.ListCommand;
import org.mailplatform.imap.mailbox.MailboxCommands;
import org.mailplatform.imap.mailbox.QuotaCommand;
import org.mailplatform.imap.mailbox.SelectCommand;
import org.mailplatform.imap.mailbox.StatusCommand;
import org.mailplatform.imap.message.AppendCommand;
import org.mailplatform.imap.message.FetchCommand;
import org.mailplatform.imap.message.IdleCommand;
import org.mailplatform.imap.message.MessageCommands;
import org.mailplatform.imap.message.SearchCommand;
import org.mailplatform.imap.message.SortCommand;
import org.mailplatform.imap.message.ThreadCommand;
import org.mailplatform.imap.session.CommandContext;
import org.mailplatform.imap.session.CommandDispatcher;
import org.mailplatform.imap.session.CompressCommand;
import org.mailplatform.imap.session.SessionCommands;
import org.mailplatform.imap.session.StartTlsCommand;

/**
 * The one switch over {@link ImapCommand}: each record goes to its handler. Commands the server
 * parses but does not carry out yet are answered BAD and are not advertised.
 */
record CommandRouter(SessionCommands session, StartTlsCommand startTls, LoginCommand login,
                     AuthenticateCommand authenticate, MailboxCommands mailboxes, ListCommand list,
                     StatusCommand status, SelectCommand select, FetchCommand fetch, MessageCommands messages,
                     SearchCommand search, AppendCommand append, IdleCommand idle, QuotaCommand quota,
                     CompressCommand compress, SortCommand sort, ThreadCommand thread) implements CommandDispatcher {

    @Override
    public void dispatch(ImapCommand command, CommandContext ctx) {
        switch (command) {
            case ImapCommand.Capability c -> session.capability(c, ctx);
            case ImapCommand.Noop c when ctx.data().state() == SessionState.SELECTED -> messages.poll(c.tag(), "NOOP", ctx);
            case ImapCommand.Noop c -> session.noop(c, ctx);
            case ImapCommand.Check c -> messages.poll(c.tag(), "CHECK", ctx);
            case ImapCommand.Logout c -> session.logout(c, ctx);
            case ImapCommand.Enable c -> session.enable(c, ctx);
            case ImapCommand.Id c -> session.id(c, ctx);
            case ImapCommand.Namespace c -> session.namespace(c, ctx);
            case ImapCommand.StartTls c -> startTls.handle(c, ctx);
            case ImapCommand.Login c -> login.handle(c, ctx);
            case ImapCommand.Authenticate c -> authenticate.handle(c, ctx);
            case ImapCommand.Create c -> mailboxes.create(c, ctx);
            case ImapCommand.Delete c -> mailboxes.delete(c, ctx);
            case ImapCommand.Rename c -> mailboxes.rename(c, ctx);
            case ImapCommand.Subscribe c -> mailboxes.subscribe(c, ctx);
            case ImapCommand.Unsubscribe c -> mailboxes.unsubscribe(c, ctx);
            case ImapCommand.ListMailboxes c -> list.handle(c, ctx);
            case ImapCommand.Status c -> status.handle(c, ctx);
            case ImapCommand.Select c -> select.select(c, ctx);
            case ImapCommand.Close c -> select.close(c, ctx);
            case ImapCommand.Unselect c -> select.unselect(c, ctx);
            case ImapCommand.Fetch c -> fetch.handle(c, ctx);
            case ImapCommand.Store c -> messages.store(c, ctx);
            case ImapCommand.Copy c -> messages.copy(c, ctx);
            case ImapCommand.Move c -> messages.move(c, ctx);
            case ImapCommand.Expunge c -> messages.expunge(c, ctx);
            case ImapCommand.Search c -> search.handle(c, ctx);
            case ImapCommand.Sort c -> sort.handle(c, ctx);
            case ImapCommand.Thread c -> thread.handle(c, ctx);
            case ImapCommand.Append c -> append.handle(c, ctx);
            case ImapCommand.Idle c -> idle.handle(c, ctx);
            case ImapCommand.GetQuota c -> quota.getQuota(c, ctx);
            case ImapCommand.GetQuotaRoot c -> quota.getQuotaRoot(c, ctx);
            case ImapCommand.SetQuota c -> quota.setQuota(c, ctx);
            case ImapCommand.Compress c -> compress.handle(c, ctx);
            default -> ctx.done(new ImapResponse.Tagged(command.tag(), ImapResponse.Condition.BAD, null,
                    command.name() + " is not supported"));
        }
    }
}
