package org.mailplatform.imap.message;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.mailplatform.imap.codec.ImapCommand;
import org.mailplatform.imap.codec.ImapResponse;
import org.mailplatform.imap.codec.ImapSyntaxException;
import org.mailplatform.imap.codec.ImapWriter;
import org.mailplatform.imap.codec.ResponseCode;
import org.mailplatform.imap.mailbox.StoreFailures;
import org.mailplatform.imap.session.CommandContext;
import org.mailplatform.imap.session.SelectedMailbox;
import org.mailplatform.mime.Address;
import org.mailplatform.mime.Envelope;
import org.mailplatform.store.MailboxStore;
import org.mailplatform.store.MessageMeta;
import org.mailplatform.store.MessageRange;
import org.mailplatform.store.SearchCriteria;

/**
 * SORT and UID SORT (RFC 5256): the messages SEARCH would find, ordered by the given keys, ties
 * broken by sequence number. Sorting needs every matching message's envelope, so it reads their
 * metadata from the store in batches and sorts in memory, bounded by {@link #MAX_MESSAGES}.
 */
public final class SortCommand {

    /** Most messages one SORT orders; beyond that it answers {@code NO [LIMIT]}. */
    static final int MAX_MESSAGES = 100_000;
    private static final int BATCH = 1000;

    private final MailboxStore store;

    public SortCommand(MailboxStore store) {
        this.store = store;
    }

    /** What sorting needs of one message. */
    private record Row(int seq, long uid, MessageMeta meta) {
    }

    public void handle(ImapCommand.Sort c, CommandContext ctx) {
        SelectedMailbox selected = ctx.data().selected();
        if (!List.of("UTF-8", "US-ASCII").contains(c.charset().toUpperCase(Locale.ROOT))) {
            ctx.done(new ImapResponse.Tagged(c.tag(), ImapResponse.Condition.NO,
                    ResponseCode.badCharset(List.of("UTF-8", "US-ASCII")), "unsupported charset"));
            return;
        }
        SearchCriteria criteria;
        try {
            criteria = SearchCommand.translate(c.key(), selected);
        } catch (ImapSyntaxException e) {
            ctx.done(new ImapResponse.Tagged(c.tag(), ImapResponse.Condition.BAD, e.code(), e.getMessage()));
            return;
        } catch (UnsupportedOperationException e) {
            ctx.done(new ImapResponse.Tagged(c.tag(), ImapResponse.Condition.NO, ResponseCode.CANNOT, e.getMessage()));
            return;
        }
        ctx.blocking(() -> {
            List<Long> uids = store.search(ctx.data().principal(), selected.name(), criteria).uids().stream()
                    .filter(u -> selected.seqOf(u) > 0).toList();
            if (uids.size() > MAX_MESSAGES) {
                return null;
            }
            List<Row> rows = new ArrayList<>(uids.size());
            for (int i = 0; i < uids.size(); i += BATCH) {
                List<Long> batch = uids.subList(i, Math.min(uids.size(), i + BATCH));
                for (MessageMeta m : store.fetch(ctx.data().principal(), selected.name(),
                        new MessageRange.ByUid(SelectedMailbox.toUidSet(batch)))) {
                    rows.add(new Row(selected.seqOf(m.uid()), m.uid(), m));
                }
            }
            rows.sort(comparator(c.criteria()));
            return rows;
        }, (List<Row> rows, Throwable failure) -> {
            if (failure != null) {
                ctx.done(StoreFailures.response(c.tag(), failure));
                return;
            }
            if (rows == null) {
                ctx.done(new ImapResponse.Tagged(c.tag(), ImapResponse.Condition.NO, ResponseCode.LIMIT,
                        "more than " + MAX_MESSAGES + " messages to sort; narrow the search"));
                return;
            }
            ImapWriter w = new ImapWriter(false).atom("SORT");
            rows.forEach(r -> w.number(c.uid() ? r.uid() : r.seq()));
            ctx.send(w.toResponse());
            ctx.done(new ImapResponse.Tagged(c.tag(), ImapResponse.Condition.OK, null,
                    (c.uid() ? "UID " : "") + "SORT completed"));
        });
    }

    private static Comparator<Row> comparator(List<ImapCommand.SortCriterion> criteria) {
        Comparator<Row> order = null;
        for (ImapCommand.SortCriterion k : criteria) {
            Comparator<Row> one = switch (k.key()) {
                case ARRIVAL -> Comparator.comparing((Row r) -> r.meta().internalDate());
                case DATE -> Comparator.comparing(SortCommand::sentDate);
                case SIZE -> Comparator.comparingLong((Row r) -> r.meta().size());
                case FROM -> Comparator.comparing((Row r) -> firstMailbox(envelope(r).from()));
                case TO -> Comparator.comparing((Row r) -> firstMailbox(envelope(r).to()));
                case CC -> Comparator.comparing((Row r) -> firstMailbox(envelope(r).cc()));
                case SUBJECT -> Comparator.comparing((Row r) -> BaseSubject.of(envelope(r).subject()));
            };
            if (k.reverse()) {
                one = one.reversed();
            }
            order = order == null ? one : order.thenComparing(one);
        }
        // RFC 5256 section 3: ties are broken by sequence number, never reversed
        return order.thenComparingInt(Row::seq);
    }

    private static Envelope envelope(Row r) {
        return r.meta().summary() == null || r.meta().summary().envelope() == null ? Envelope.EMPTY
                : r.meta().summary().envelope();
    }

    /** The addr-mailbox of the first address, compared with i;ascii-casemap; empty if none. */
    private static String firstMailbox(List<Address> addresses) {
        return addresses.isEmpty() || addresses.getFirst().mailbox() == null ? ""
                : addresses.getFirst().mailbox().toLowerCase(Locale.ROOT);
    }

    /** The Date header in UTC; the internal date when it is missing or unreadable (RFC 5256 section 3). */
    private static Instant sentDate(Row r) {
        String date = envelope(r).date();
        if (date != null) {
            try {
                return java.time.ZonedDateTime.parse(date.replaceAll("\\s*\\([^)]*\\)\\s*$", "").strip(),
                        java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            } catch (java.time.format.DateTimeParseException e) {
                // fall through: an unreadable date sorts as the arrival time
            }
        }
        return r.meta().internalDate();
    }
}
