package org.mailplatform.imap.message;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.mailplatform.imap.codec.ImapCommand;
import org.mailplatform.imap.codec.ImapResponse;
import org.mailplatform.imap.codec.ImapSyntaxException;
import org.mailplatform.imap.codec.ImapWriter;
import org.mailplatform.imap.codec.ResponseCode;
import org.mailplatform.imap.codec.SearchKey;
import org.mailplatform.imap.codec.SequenceSet;
import org.mailplatform.imap.mailbox.StoreFailures;
import org.mailplatform.imap.session.CommandContext;
import org.mailplatform.imap.session.SelectedMailbox;
import org.mailplatform.model.Principal;
import org.mailplatform.store.MailboxStore;
import org.mailplatform.store.MessageMeta;
import org.mailplatform.store.MessageRange;
import org.mailplatform.store.SearchCriteria;
import org.mailplatform.store.SearchResult;
import org.mailplatform.store.UidSet;

/**
 * SEARCH and UID SEARCH (RFC 9051 section 6.4.4; {@code * SEARCH} for IMAP4rev1 clients, always
 * {@code * ESEARCH} for IMAP4rev2 ones) with ESEARCH results (RFC 4731: MIN, MAX, COUNT,
 * ALL) and SAVE (RFC 5182). Keys become the store's {@link SearchCriteria}; sequence sets are
 * translated to UIDs against the session's view. CHARSET may be UTF-8 or US-ASCII.
 */
public final class SearchCommand {

    private final MailboxStore store;

    public SearchCommand(MailboxStore store) {
        this.store = store;
    }

    public void handle(ImapCommand.Search c, CommandContext ctx) {
        SelectedMailbox selected = ctx.data().selected();
        if (c.charset() != null && ctx.data().enabled().contains("UTF8=ACCEPT")) {
            // RFC 6855 section 3: after ENABLE UTF8=ACCEPT strings are UTF-8; a charset label conflicts
            ctx.done(new ImapResponse.Tagged(c.tag(), ImapResponse.Condition.BAD, null,
                    "no CHARSET after ENABLE UTF8=ACCEPT"));
            return;
        }
        if (c.charset() != null && !List.of("UTF-8", "US-ASCII").contains(c.charset().toUpperCase(Locale.ROOT))) {
            ctx.done(new ImapResponse.Tagged(c.tag(), ImapResponse.Condition.NO,
                    ResponseCode.badCharset(List.of("UTF-8", "US-ASCII")), "unsupported charset"));
            return;
        }
        SearchCriteria criteria;
        try {
            criteria = translate(c.key(), selected, id -> List.of());
        } catch (ImapSyntaxException e) {
            ctx.done(new ImapResponse.Tagged(c.tag(), ImapResponse.Condition.BAD, e.code(), e.getMessage()));
            return;
        } catch (UnsupportedOperationException e) {
            ctx.done(new ImapResponse.Tagged(c.tag(), ImapResponse.Condition.NO, ResponseCode.CANNOT, e.getMessage()));
            return;
        }
        boolean byModSeq = usesModSeq(c.key());
        if (byModSeq) {
            ctx.data().useCondstore();
        }
        boolean byEmailId = usesEmailId(c.key());
        ctx.blocking(() -> {
            SearchCriteria effective = byEmailId
                    ? translate(c.key(), selected, emailIds(ctx.data().principal(), selected)) : criteria;
            SearchResult found = store.search(ctx.data().principal(), selected.name(), effective);
            long highest = 0;
            if (byModSeq && !found.uids().isEmpty()) {
                // RFC 7162 section 3.1.5: the highest MODSEQ of the matching messages
                for (MessageMeta m : store.fetch(ctx.data().principal(), selected.name(),
                        new MessageRange.ByUid(SelectedMailbox.toUidSet(found.uids())))) {
                    highest = Math.max(highest, m.modSeq());
                }
            }
            return new Found(found, highest);
        }, (Found f, Throwable failure) -> {
            if (failure != null) {
                ctx.done(StoreFailures.response(c.tag(), failure));
                return;
            }
            SearchResult result = f.result();
            long highestModSeq = f.highestModSeq();
            // only messages the client knows of (new ones are announced by EXISTS first)
            List<Long> uids = result.uids().stream().filter(u -> selected.seqOf(u) > 0).toList();
            List<Long> numbers = c.uid() ? uids : uids.stream().map(u -> (long) selected.seqOf(u)).toList();
            if (c.returnOptions() == null && ctx.data().rev2()) {
                // IMAP4rev2 answers every SEARCH with ESEARCH (RFC 9051 section 6.4.4): RETURN (ALL) implied
                esearch(new ImapCommand.Search(c.tag(), c.uid(), List.of(), c.charset(), c.key()), numbers, uids,
                        selected, highestModSeq, ctx);
            } else if (c.returnOptions() == null) {
                ImapWriter w = new ImapWriter(false).atom("SEARCH");
                numbers.forEach(w::number);
                if (highestModSeq > 0 && !numbers.isEmpty()) {
                    w.open().atom("MODSEQ").number(highestModSeq).close();
                }
                ctx.send(w.toResponse());
            } else {
                esearch(c, numbers, uids, selected, highestModSeq, ctx);
            }
            ctx.done(new ImapResponse.Tagged(c.tag(), ImapResponse.Condition.OK, null,
                    result.complete() ? "SEARCH completed" : "SEARCH completed (text search limit reached)"));
        });
    }

    /** What the store found, and the highest MODSEQ among it when the search used MODSEQ (else 0). */
    private record Found(SearchResult result, long highestModSeq) {
    }

    private static boolean usesEmailId(SearchKey key) {
        return switch (key) {
            case SearchKey.EmailId e -> true;
            case SearchKey.Not n -> usesEmailId(n.key());
            case SearchKey.Or o -> usesEmailId(o.left()) || usesEmailId(o.right());
            case SearchKey.And a -> a.keys().stream().anyMatch(SearchCommand::usesEmailId);
            default -> false;
        };
    }

    /**
     * EMAILID to UIDs in the selected mailbox. The id is a digest of the blob key, which the store
     * cannot search for, so this reads the metadata of the messages the session knows (one query).
     */
    private Function<String, List<Long>> emailIds(Principal principal, SelectedMailbox selected) {
        Map<String, List<Long>> byId = new HashMap<>();
        if (selected.exists() > 0) {
            for (MessageMeta m : store.fetch(principal, selected.name(),
                    new MessageRange.ByUid(SelectedMailbox.toUidSet(selected.uids())))) {
                byId.computeIfAbsent(ObjectIds.emailId(m), k -> new ArrayList<>()).add(m.uid());
            }
        }
        return id -> byId.getOrDefault(id, List.of());
    }

    private static boolean usesModSeq(SearchKey key) {
        return switch (key) {
            case SearchKey.ModSeq m -> true;
            case SearchKey.Not n -> usesModSeq(n.key());
            case SearchKey.Or o -> usesModSeq(o.left()) || usesModSeq(o.right());
            case SearchKey.And a -> a.keys().stream().anyMatch(SearchCommand::usesModSeq);
            default -> false;
        };
    }

    private static void esearch(ImapCommand.Search c, List<Long> numbers, List<Long> uids, SelectedMailbox selected,
                                long highestModSeq, CommandContext ctx) {
        List<String> opts = c.returnOptions().isEmpty() ? List.of("ALL") : c.returnOptions();
        if (opts.contains("SAVE")) {
            selected.saveSearch(uids);
            if (opts.size() == 1) {
                return; // SAVE alone: no ESEARCH response (RFC 5182 section 2.1)
            }
        }
        ImapWriter w = new ImapWriter(false).atom("ESEARCH").open().atom("TAG").string(c.tag()).close();
        if (c.uid()) {
            w.atom("UID");
        }
        if (!numbers.isEmpty()) {
            if (opts.contains("MIN")) {
                w.atom("MIN").number(numbers.getFirst());
            }
            if (opts.contains("MAX")) {
                w.atom("MAX").number(numbers.getLast());
            }
            if (opts.contains("ALL")) {
                w.atom("ALL").atom(SequenceSet.format(numbers));
            }
        }
        if (opts.contains("COUNT")) {
            w.atom("COUNT").number(numbers.size());
        }
        if (highestModSeq > 0 && !numbers.isEmpty()) {
            w.atom("MODSEQ").number(highestModSeq);
        }
        ctx.send(w.toResponse());
    }

    /** As {@link #translate(SearchKey, SelectedMailbox, Function)}, for callers that do not search by EMAILID. */
    static SearchCriteria translate(SearchKey key, SelectedMailbox selected) {
        return translate(key, selected, id -> {
            throw new UnsupportedOperationException("EMAILID is not supported here");
        });
    }

    /**
     * The store's criteria for a search key. EMAILID (RFC 8474 section 6) becomes the UIDs of the
     * messages with that id, from {@code emailIds}; THREADID matches nothing, as every message's
     * THREADID is NIL.
     */
    static SearchCriteria translate(SearchKey key, SelectedMailbox selected, Function<String, List<Long>> emailIds) {
        return switch (key) {
            case SearchKey.All a -> new SearchCriteria.All();
            case SearchKey.HasFlag f -> f.flag().equals("\\Recent") ? none() : new SearchCriteria.Flag(f.flag(), true);
            case SearchKey.Not(SearchKey.HasFlag f) when !f.flag().equals("\\Recent") -> new SearchCriteria.Flag(f.flag(), false);
            case SearchKey.Header h -> new SearchCriteria.Header(h.field(), h.value());
            case SearchKey.Body b -> new SearchCriteria.Body(b.value());
            case SearchKey.Text t -> new SearchCriteria.Text(t.value());
            case SearchKey.InternalDate d -> internalDate(d.comparison(), d.date());
            case SearchKey.SentDate d -> sentDate(d.comparison(), d.date());
            case SearchKey.Size s -> s.larger() ? new SearchCriteria.Larger(s.size()) : new SearchCriteria.Smaller(s.size());
            case SearchKey.Sequence s -> uids(selected.resolve(s.set(), false));
            case SearchKey.Uid u -> uidSet(u.set(), selected);
            case SearchKey.Not n -> new SearchCriteria.Not(translate(n.key(), selected, emailIds));
            case SearchKey.Or o -> new SearchCriteria.Or(translate(o.left(), selected, emailIds),
                    translate(o.right(), selected, emailIds));
            case SearchKey.And a -> {
                List<SearchCriteria> all = new ArrayList<>();
                a.keys().forEach(k -> all.add(translate(k, selected, emailIds)));
                yield new SearchCriteria.And(all);
            }
            case SearchKey.ModSeq m -> new SearchCriteria.ModSeq(m.modSeq());
            case SearchKey.EmailId e -> uids(emailIds.apply(e.id()));
            case SearchKey.ThreadId t -> none();
        };
    }

    /** UID sets keep their meaning for UIDs the session has not seen; {@code *} is the last one it knows. */
    private static SearchCriteria uidSet(SequenceSet set, SelectedMailbox selected) {
        if (set.saved()) {
            return uids(selected.resolve(set, true));
        }
        long largest = selected.uids().isEmpty() ? 0 : selected.uids().getLast();
        List<UidSet.Range> ranges = new ArrayList<>();
        for (SequenceSet.Range r : set.ranges()) {
            SequenceSet.Range resolved = r.resolve(largest);
            if (resolved.to() >= 1) {
                ranges.add(new UidSet.Range(Math.max(1, resolved.from()), resolved.to()));
            }
        }
        return ranges.isEmpty() ? none() : new SearchCriteria.Uids(new UidSet(ranges));
    }

    private static SearchCriteria uids(List<Long> uids) {
        return uids.isEmpty() ? none() : new SearchCriteria.Uids(SelectedMailbox.toUidSet(uids));
    }

    private static SearchCriteria none() {
        return new SearchCriteria.Not(new SearchCriteria.All());
    }

    /** The Date header's day as written (RFC 9051: "disregarding time and timezone"). */
    private static SearchCriteria sentDate(SearchKey.Comparison comparison, LocalDate date) {
        return switch (comparison) {
            case BEFORE -> new SearchCriteria.SentDate(null, date);
            case ON -> new SearchCriteria.SentDate(date, date.plusDays(1));
            case SINCE -> new SearchCriteria.SentDate(date, null);
        };
    }

    private static SearchCriteria internalDate(SearchKey.Comparison comparison, LocalDate date) {
        // RFC 9051: "disregarding time and timezone"; days are taken in UTC
        java.time.Instant start = date.atStartOfDay(ZoneOffset.UTC).toInstant();
        java.time.Instant next = date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return switch (comparison) {
            case BEFORE -> new SearchCriteria.InternalDate(null, start);
            case ON -> new SearchCriteria.InternalDate(start, next);
            case SINCE -> new SearchCriteria.InternalDate(start, null);
        };
    }
}
