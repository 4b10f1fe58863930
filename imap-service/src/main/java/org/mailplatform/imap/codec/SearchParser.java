package org.mailplatform.imap.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * SEARCH (RFC 9051 section 6.4.4) with RETURN options (ESEARCH, RFC 4731; SAVE, RFC 5182), CHARSET
 * and the key set of RFC 9051 plus MODSEQ (RFC 7162), EMAILID and THREADID (RFC 8474).
 */
final class SearchParser {

    private static final List<String> RETURN = List.of("MIN", "MAX", "ALL", "COUNT", "SAVE");
    private static final int MAX_DEPTH = 64;

    private SearchParser() {
    }

    static ImapCommand.Search search(String tag, boolean uid, ArgCursor a) {
        List<String> returns = null;
        if (a.peekAtom("RETURN")) {
            a.next("RETURN");
            returns = new ArrayList<>();
            ArgCursor opts = a.list("search return options");
            while (opts.hasMore()) {
                String o = opts.atomUpper("return option");
                if (!RETURN.contains(o)) {
                    throw new ImapSyntaxException("unknown SEARCH return option " + CommandParser.truncate(o));
                }
                returns.add(o);
            }
        }
        String charset = null;
        if (a.peekAtom("CHARSET")) {
            a.next("CHARSET");
            charset = a.astring("charset");
        }
        List<SearchKey> keys = new ArrayList<>();
        keys.add(key(a, 0));
        while (a.hasMore()) {
            keys.add(key(a, 0));
        }
        SearchKey key = keys.size() == 1 ? keys.getFirst() : new SearchKey.And(keys);
        return new ImapCommand.Search(tag, uid, returns, charset, key);
    }

    private static SearchKey key(ArgCursor a, int depth) {
        if (depth > MAX_DEPTH) {
            throw new ImapSyntaxException("search keys nested too deeply");
        }
        if (a.peekIsList()) {
            ArgCursor list = a.list("search keys");
            List<SearchKey> keys = new ArrayList<>();
            while (list.hasMore()) {
                keys.add(key(list, depth + 1));
            }
            if (keys.isEmpty()) {
                throw new ImapSyntaxException("empty search key list");
            }
            return keys.size() == 1 ? keys.getFirst() : new SearchKey.And(keys);
        }
        String raw = a.atom("search key");
        String k = CommandParser.upper(raw);
        return switch (k) {
            case "ALL" -> new SearchKey.All();
            case "ANSWERED" -> flag("\\Answered");
            case "DELETED" -> flag("\\Deleted");
            case "DRAFT" -> flag("\\Draft");
            case "FLAGGED" -> flag("\\Flagged");
            case "SEEN" -> flag("\\Seen");
            case "RECENT" -> flag("\\Recent");
            case "UNANSWERED" -> not(flag("\\Answered"));
            case "UNDELETED" -> not(flag("\\Deleted"));
            case "UNDRAFT" -> not(flag("\\Draft"));
            case "UNFLAGGED" -> not(flag("\\Flagged"));
            case "UNSEEN" -> not(flag("\\Seen"));
            case "NEW" -> new SearchKey.And(List.of(flag("\\Recent"), not(flag("\\Seen"))));
            case "OLD" -> not(flag("\\Recent"));
            case "KEYWORD" -> flag(CommandParser.flag(a.atom("keyword")));
            case "UNKEYWORD" -> not(flag(CommandParser.flag(a.atom("keyword"))));
            case "BCC", "CC", "FROM", "TO", "SUBJECT" -> new SearchKey.Header(k, a.astring("search string"));
            case "HEADER" -> new SearchKey.Header(a.astring("header field"), a.astring("search string"));
            case "BODY" -> new SearchKey.Body(a.astring("search string"));
            case "TEXT" -> new SearchKey.Text(a.astring("search string"));
            case "BEFORE" -> new SearchKey.InternalDate(SearchKey.Comparison.BEFORE, date(a));
            case "ON" -> new SearchKey.InternalDate(SearchKey.Comparison.ON, date(a));
            case "SINCE" -> new SearchKey.InternalDate(SearchKey.Comparison.SINCE, date(a));
            case "SENTBEFORE" -> new SearchKey.SentDate(SearchKey.Comparison.BEFORE, date(a));
            case "SENTON" -> new SearchKey.SentDate(SearchKey.Comparison.ON, date(a));
            case "SENTSINCE" -> new SearchKey.SentDate(SearchKey.Comparison.SINCE, date(a));
            case "LARGER" -> new SearchKey.Size(true, a.number("size"));
            case "SMALLER" -> new SearchKey.Size(false, a.number("size"));
            case "UID" -> new SearchKey.Uid(a.sequenceSet());
            case "NOT" -> not(key(a, depth + 1));
            case "OR" -> new SearchKey.Or(key(a, depth + 1), key(a, depth + 1));
            case "MODSEQ" -> modSeq(a);
            case "EMAILID" -> new SearchKey.EmailId(a.atom("object id"));
            case "THREADID" -> new SearchKey.ThreadId(a.atom("object id"));
            default -> {
                if (!k.isEmpty() && (k.charAt(0) == '$' || k.charAt(0) == '*' || (k.charAt(0) >= '0' && k.charAt(0) <= '9'))) {
                    yield new SearchKey.Sequence(SequenceSet.parse(raw));
                }
                throw new ImapSyntaxException("unknown search key " + CommandParser.truncate(raw));
            }
        };
    }

    /** MODSEQ [entry-name entry-type-req] mod-sequence-valzer (RFC 7162 section 3.1.5). */
    private static SearchKey modSeq(ArgCursor a) {
        if (a.peek() instanceof Arg.Str) {
            a.astring("entry name");
            String type = a.atomUpper("entry type");
            if (!List.of("PRIV", "SHARED", "ALL").contains(type)) {
                throw new ImapSyntaxException("invalid MODSEQ entry type");
            }
        }
        return new SearchKey.ModSeq(a.number("mod-sequence"));
    }

    private static java.time.LocalDate date(ArgCursor a) {
        return ImapDates.parseDate(a.astring("date"));
    }

    private static SearchKey flag(String f) {
        return new SearchKey.HasFlag(f);
    }

    private static SearchKey not(SearchKey k) {
        return new SearchKey.Not(k);
    }
}
