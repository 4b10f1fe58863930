package org.mailplatform.store.mongo;

import static org.springframework.data.mongodb.core.query.Criteria.where;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.mailplatform.mime.HeaderField;
import org.mailplatform.mime.MailDate;
import org.mailplatform.store.Flags;
import org.mailplatform.store.SearchCriteria;
import org.mailplatform.store.SearchResult;
import org.springframework.data.mongodb.core.query.Criteria;

/**
 * Evaluates SEARCH criteria: everything but BODY, TEXT and the sent date becomes one MongoDB query;
 * when one of those is present, the candidates of the query are checked in memory: the sent date
 * against their envelope's {@code Date} ({@link MailDate}), BODY and TEXT by scanning their text
 * parts ({@link TextScanner}: transfer encoding and charset decoded, case-insensitive), within a
 * budget of bytes and messages per search.
 */
final class MessageSearch {

    private static final Set<String> ENVELOPE_FIELDS = Set.of("from", "to", "cc", "bcc", "subject");

    private final MessageQueries queries;
    private final TextScanner scanner;
    private final long maxScanBytes;
    private final int maxScanMessages;

    MessageSearch(MessageQueries queries, MessageBytes.BlobReads blobs, long maxScanBytes, int maxScanMessages) {
        this.queries = queries;
        this.scanner = new TextScanner(blobs);
        this.maxScanBytes = maxScanBytes;
        this.maxScanMessages = maxScanMessages;
    }

    SearchResult search(MailboxDocument m, SearchCriteria criteria) {
        if (!inMemory(criteria)) {
            return new SearchResult(queries.find(m, mongo(criteria)).stream().map(MessageDocument::uid).toList(), true);
        }
        Budget budget = new Budget();
        List<Long> uids = new ArrayList<>();
        try (var candidates = queries.stream(m, prefilter(criteria))) {
            candidates.forEach(doc -> {
                if (matches(doc, criteria, budget)) {
                    uids.add(doc.uid());
                }
            });
        }
        return new SearchResult(uids, !budget.exhausted);
    }

    /** Whether {@code c} has a key no query can answer: it is checked on each candidate instead. */
    private static boolean inMemory(SearchCriteria c) {
        return switch (c) {
            case SearchCriteria.Body b -> true;
            case SearchCriteria.Text t -> true;
            case SearchCriteria.SentDate d -> true;
            case SearchCriteria.And a -> a.all().stream().anyMatch(MessageSearch::inMemory);
            case SearchCriteria.Or o -> inMemory(o.left()) || inMemory(o.right());
            case SearchCriteria.Not n -> inMemory(n.criteria());
            default -> false;
        };
    }

    /** A query every match satisfies: the conjuncts of the top level that a query can answer. */
    private static Criteria prefilter(SearchCriteria c) {
        if (!inMemory(c)) {
            return mongo(c);
        }
        if (c instanceof SearchCriteria.And and) {
            List<Criteria> parts = and.all().stream().filter(x -> !inMemory(x)).map(MessageSearch::mongo).toList();
            if (!parts.isEmpty()) {
                return new Criteria().andOperator(parts);
            }
        }
        return where("uid").gte(0);
    }

    static Criteria mongo(SearchCriteria c) {
        return switch (c) {
            case SearchCriteria.All a -> where("uid").gte(0);
            case SearchCriteria.Uids u -> MessageQueries.uidCriteria(u.uids());
            case SearchCriteria.Flag f -> f.set() ? where("flags").is(Flags.canonical(f.flag()))
                    : where("flags").ne(Flags.canonical(f.flag()));
            case SearchCriteria.Larger l -> where("size").gt(l.size());
            case SearchCriteria.Smaller s -> where("size").lt(s.size());
            case SearchCriteria.InternalDate d -> {
                Criteria x = where("internalDate");
                if (d.from() != null) {
                    x = x.gte(d.from());
                }
                yield d.to() != null ? x.lt(d.to()) : d.from() == null ? where("uid").gte(0) : x;
            }
            case SearchCriteria.Header h -> header(h);
            case SearchCriteria.ModSeq ms -> where("modSeq").gte(ms.modSeq());
            case SearchCriteria.And a -> a.all().isEmpty() ? where("uid").gte(0)
                    : new Criteria().andOperator(a.all().stream().map(MessageSearch::mongo).toList());
            case SearchCriteria.Or o -> new Criteria().orOperator(mongo(o.left()), mongo(o.right()));
            case SearchCriteria.Not n -> new Criteria().norOperator(mongo(n.criteria()));
            case SearchCriteria.SentDate d -> throw new IllegalArgumentException("the sent date is checked in memory");
            case SearchCriteria.Body b -> throw new IllegalArgumentException("BODY needs a scan");
            case SearchCriteria.Text t -> throw new IllegalArgumentException("TEXT needs a scan");
        };
    }

    private static Criteria header(SearchCriteria.Header h) {
        String field = h.field().toLowerCase(Locale.ROOT);
        String value = h.value().toLowerCase(Locale.ROOT);
        if (ENVELOPE_FIELDS.contains(field)) {
            return value.isEmpty() ? where("search." + field).ne(null)
                    : where("search." + field).regex(Pattern.quote(value));
        }
        Criteria element = where("name").regex("^" + Pattern.quote(h.field()) + "$", "i");
        if (!value.isEmpty()) {
            element = element.and("value").regex(Pattern.quote(h.value()), "i");
        }
        return where("summary.headers").elemMatch(element);
    }

    private boolean matches(MessageDocument d, SearchCriteria c, Budget budget) {
        return switch (c) {
            case SearchCriteria.All a -> true;
            case SearchCriteria.Uids u -> u.uids().contains(d.uid());
            case SearchCriteria.Flag f -> d.flags().contains(Flags.canonical(f.flag())) == f.set();
            case SearchCriteria.Larger l -> d.size() > l.size();
            case SearchCriteria.Smaller s -> d.size() < s.size();
            case SearchCriteria.InternalDate t -> (t.from() == null || !d.internalDate().isBefore(t.from()))
                    && (t.to() == null || d.internalDate().isBefore(t.to()));
            case SearchCriteria.Header h -> headerMatches(d, h);
            case SearchCriteria.SentDate s -> sentWithin(d, s);
            case SearchCriteria.ModSeq ms -> d.modSeq() >= ms.modSeq();
            case SearchCriteria.And a -> a.all().stream().allMatch(x -> matches(d, x, budget));
            case SearchCriteria.Or o -> matches(d, o.left(), budget) || matches(d, o.right(), budget);
            case SearchCriteria.Not n -> !matches(d, n.criteria(), budget);
            case SearchCriteria.Body b -> scan(d, b.text(), false, budget);
            case SearchCriteria.Text t -> scan(d, t.text(), true, budget);
        };
    }

    private static boolean headerMatches(MessageDocument d, SearchCriteria.Header h) {
        String field = h.field().toLowerCase(Locale.ROOT);
        String value = h.value().toLowerCase(Locale.ROOT);
        if (ENVELOPE_FIELDS.contains(field) && d.search() != null) {
            String text = switch (field) {
                case "from" -> d.search().from();
                case "to" -> d.search().to();
                case "cc" -> d.search().cc();
                case "bcc" -> d.search().bcc();
                default -> d.search().subject();
            };
            return text != null && text.contains(value);
        }
        for (HeaderField f : d.summary().headers()) {
            if (f.name().equalsIgnoreCase(h.field()) && f.value().toLowerCase(Locale.ROOT).contains(value)) {
                return true;
            }
        }
        return false;
    }

    /** The calendar day the {@code Date} header names, in its own zone, within the range (RFC 9051 6.4.4). */
    private static boolean sentWithin(MessageDocument d, SearchCriteria.SentDate range) {
        String header = d.summary() == null ? null : d.summary().envelope().date();
        java.time.OffsetDateTime sent = header == null ? null : MailDate.parse(header);
        if (sent == null) {
            return false;
        }
        java.time.LocalDate day = sent.toLocalDate();
        return (range.from() == null || !day.isBefore(range.from())) && (range.to() == null || day.isBefore(range.to()));
    }

    private boolean scan(MessageDocument d, String text, boolean withHeader, Budget budget) {
        long cost = TextScanner.cost(d.summary());
        if (budget.exhausted || budget.messages + 1 > maxScanMessages || budget.bytes + cost > maxScanBytes) {
            budget.exhausted = true;
            return false;
        }
        budget.messages++;
        budget.bytes += cost;
        try {
            return scanner.contains(d.blobKey(), d.prefix(), d.size(), d.summary(), text, withHeader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Budget {
        long bytes;
        int messages;
        boolean exhausted;
    }
}
