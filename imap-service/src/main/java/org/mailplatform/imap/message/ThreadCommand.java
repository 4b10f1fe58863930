package org.mailplatform.imap.message;

import java.util.List;
import java.util.function.ToLongFunction;

import org.mailplatform.imap.codec.ImapCommand;
import org.mailplatform.imap.codec.ImapWriter;
import org.mailplatform.imap.message.MatchingMessages.Row;
import org.mailplatform.imap.session.CommandContext;
import org.mailplatform.store.MailboxStore;

/**
 * THREAD and UID THREAD (RFC 5256): the messages SEARCH would find, grouped into threads by
 * ORDEREDSUBJECT or REFERENCES, in memory over their metadata ({@link MatchingMessages}), answered
 * as {@code * THREAD (1 2)(3 (4)(5))}.
 */
public final class ThreadCommand {

    private final MatchingMessages matching;

    public ThreadCommand(MailboxStore store) {
        this.matching = new MatchingMessages(store);
    }

    public void handle(ImapCommand.Thread c, CommandContext ctx) {
        matching.answer(ctx, c.tag(), c.uid() ? "UID THREAD" : "THREAD", c.charset(), c.key(), rows -> {
            List<MessageThread> threads = switch (c.algorithm()) {
                case ORDEREDSUBJECT -> OrderedSubjectThreads.of(rows);
                case REFERENCES -> ReferenceThreads.of(rows);
            };
            ToLongFunction<Row> number = c.uid() ? Row::uid : Row::seq;
            StringBuilder lists = new StringBuilder();
            threads.forEach(t -> lists.append(t.render(number)));
            ImapWriter w = new ImapWriter(false).atom("THREAD");
            if (!lists.isEmpty()) {
                w.append(" " + lists);
            }
            return w.toResponse();
        });
    }
}
