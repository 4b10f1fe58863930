package org.mailplatform.imap.message;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.mailplatform.imap.codec.ImapResponse;
import org.mailplatform.imap.codec.ImapSyntaxException;
import org.mailplatform.imap.codec.ResponseCode;
import org.mailplatform.imap.codec.SearchKey;
import org.mailplatform.imap.mailbox.StoreFailures;
import org.mailplatform.imap.session.CommandContext;
import org.mailplatform.imap.session.SelectedMailbox;
import org.mailplatform.mime.Envelope;
import org.mailplatform.store.MailboxStore;
import org.mailplatform.store.MessageMeta;
import org.mailplatform.store.MessageRange;
import org.mailplatform.store.SearchCriteria;

/**
 * What SORT and THREAD (RFC 5256) share: the charset check, the messages SEARCH would find with
 * their metadata read in batches (both order them in memory, so at most {@link #MAX_MESSAGES}), the
 * answers for each failure, and the sent date of section 2.2.
 */
final class MatchingMessages {

    /** Most messages one SORT or THREAD orders; beyond that it answers {@code NO [LIMIT]}. */
    static final int MAX_MESSAGES = 100_000;
    private static final int BATCH = 1000;
    private static final List<String> CHARSETS = List.of("UTF-8", "US-ASCII");

    /**
     * One matching message, numbered as the session sees it.
     *
     * @param sentDate the Date header in UTC, or the internal date when it is missing or unreadable
     *                 (section 2.2); parsed once here, since orderings compare it many times
     */
    record Row(int seq, long uid, MessageMeta meta, Instant sentDate) {

        Row(int seq, long uid, MessageMeta meta) {
            this(seq, uid, meta, sentDate(meta));
        }

        Envelope envelope() {
            return envelope(meta);
        }

        private static Envelope envelope(MessageMeta meta) {
            return meta == null || meta.summary() == null || meta.summary().envelope() == null ? Envelope.EMPTY
                    : meta.summary().envelope();
        }

        private static Instant sentDate(MessageMeta meta) {
            String date = envelope(meta).date();
            if (date != null) {
                try {
                    return ZonedDateTime.parse(date.replaceAll("\\s*\\([^)]*\\)\\s*$", "").strip(),
                            DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                } catch (DateTimeParseException e) {
                    // an unreadable date counts as the arrival time
                }
            }
            return meta == null ? Instant.EPOCH : meta.internalDate();
        }
    }

    private final MailboxStore store;

    MatchingMessages(MailboxStore store) {
        this.store = store;
    }

    /**
     * Reads the matching messages on a blocking thread and hands them to {@code answer} on the
     * session's thread; answers the failures itself (bad charset, bad or unsupported search key,
     * too many messages, the store failing).
     *
     * @param name    the command's name for the completion text, e.g. {@code UID THREAD}
     * @param answer  the untagged response for the rows; the tagged OK follows it
     */
    void answer(CommandContext ctx, String tag, String name, String charset, SearchKey key,
                Function<List<Row>, ImapResponse> answer) {
        if (!CHARSETS.contains(charset.toUpperCase(Locale.ROOT))) {
            ctx.done(new ImapResponse.Tagged(tag, ImapResponse.Condition.NO, ResponseCode.badCharset(CHARSETS),
                    "unsupported charset"));
            return;
        }
        SelectedMailbox selected = ctx.data().selected();
        SearchCriteria criteria;
        try {
            criteria = SearchCommand.translate(key, selected);
        } catch (ImapSyntaxException e) {
            ctx.done(new ImapResponse.Tagged(tag, ImapResponse.Condition.BAD, e.code(), e.getMessage()));
            return;
        } catch (UnsupportedOperationException e) {
            ctx.done(new ImapResponse.Tagged(tag, ImapResponse.Condition.NO, ResponseCode.CANNOT, e.getMessage()));
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
            return answer.apply(rows);
        }, (ImapResponse response, Throwable failure) -> {
            if (failure != null) {
                ctx.done(StoreFailures.response(tag, failure));
                return;
            }
            if (response == null) {
                ctx.done(new ImapResponse.Tagged(tag, ImapResponse.Condition.NO, ResponseCode.LIMIT,
                        "more than " + MAX_MESSAGES + " messages to order; narrow the search"));
                return;
            }
            ctx.send(response);
            ctx.done(new ImapResponse.Tagged(tag, ImapResponse.Condition.OK, null, name + " completed"));
        });
    }
}
