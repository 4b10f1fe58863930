package org.mailplatform.imap.message;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.mailplatform.imap.codec.ImapCommand;
import org.mailplatform.imap.codec.ImapWriter;
import org.mailplatform.imap.session.CommandContext;
import org.mailplatform.imap.message.MatchingMessages.Row;
import org.mailplatform.mime.Address;
import org.mailplatform.store.MailboxStore;

/**
 * SORT and UID SORT (RFC 5256): the messages SEARCH would find, ordered by the given keys, ties
 * broken by sequence number, in memory over their metadata ({@link MatchingMessages}).
 */
public final class SortCommand {

    private final MatchingMessages matching;

    public SortCommand(MailboxStore store) {
        this.matching = new MatchingMessages(store);
    }

    public void handle(ImapCommand.Sort c, CommandContext ctx) {
        matching.answer(ctx, c.tag(), c.uid() ? "UID SORT" : "SORT", c.charset(), c.key(), rows -> {
            List<Row> sorted = new ArrayList<>(rows);
            sorted.sort(comparator(c.criteria()));
            ImapWriter w = new ImapWriter(false).atom("SORT");
            sorted.forEach(r -> w.number(c.uid() ? r.uid() : r.seq()));
            return w.toResponse();
        });
    }

    private static Comparator<Row> comparator(List<ImapCommand.SortCriterion> criteria) {
        Comparator<Row> order = null;
        for (ImapCommand.SortCriterion k : criteria) {
            Comparator<Row> one = switch (k.key()) {
                case ARRIVAL -> Comparator.comparing((Row r) -> r.meta().internalDate());
                case DATE -> Comparator.comparing(Row::sentDate);
                case SIZE -> Comparator.comparingLong((Row r) -> r.meta().size());
                case FROM -> Comparator.comparing((Row r) -> firstMailbox(r.envelope().from()));
                case TO -> Comparator.comparing((Row r) -> firstMailbox(r.envelope().to()));
                case CC -> Comparator.comparing((Row r) -> firstMailbox(r.envelope().cc()));
                case SUBJECT -> Comparator.comparing((Row r) -> BaseSubject.of(r.envelope().subject()));
            };
            if (k.reverse()) {
                one = one.reversed();
            }
            order = order == null ? one : order.thenComparing(one);
        }
        // RFC 5256 section 3: ties are broken by sequence number, never reversed
        return order.thenComparingInt(Row::seq);
    }

    /** The addr-mailbox of the first address, compared with i;ascii-casemap; empty if none. */
    private static String firstMailbox(List<Address> addresses) {
        return addresses.isEmpty() || addresses.getFirst().mailbox() == null ? ""
                : addresses.getFirst().mailbox().toLowerCase(Locale.ROOT);
    }
}
