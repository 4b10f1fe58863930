package org.mailplatform.imap.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code [UID] SORT (criteria) charset search-keys} and {@code [UID] THREAD algorithm charset
 * search-keys} (RFC 5256 section 3).
 */
final class SortParser {

    private SortParser() {
    }

    static ImapCommand.Sort sort(String tag, boolean uid, ArgCursor a) {
        ArgCursor list = a.list("sort criteria");
        List<ImapCommand.SortCriterion> criteria = new ArrayList<>();
        boolean reverse = false;
        while (list.hasMore()) {
            String k = list.atomUpper("sort key");
            if (k.equals("REVERSE")) {
                if (reverse) {
                    throw new ImapSyntaxException("REVERSE REVERSE");
                }
                reverse = true;
                continue;
            }
            ImapCommand.SortKey key;
            try {
                key = ImapCommand.SortKey.valueOf(k);
            } catch (IllegalArgumentException e) {
                throw new ImapSyntaxException("unknown sort key " + CommandParser.truncate(k));
            }
            criteria.add(new ImapCommand.SortCriterion(key, reverse));
            reverse = false;
        }
        if (criteria.isEmpty() || reverse) {
            throw new ImapSyntaxException("expected a sort key");
        }
        String charset = a.astring("charset");
        return new ImapCommand.Sort(tag, uid, criteria, charset, searchKeys(tag, uid, a, "SORT"));
    }

    static ImapCommand.Thread thread(String tag, boolean uid, ArgCursor a) {
        String name = a.atomUpper("threading algorithm");
        ImapCommand.ThreadAlgorithm algorithm;
        try {
            algorithm = ImapCommand.ThreadAlgorithm.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new ImapSyntaxException("unknown threading algorithm " + CommandParser.truncate(name));
        }
        String charset = a.astring("charset");
        return new ImapCommand.Thread(tag, uid, algorithm, charset, searchKeys(tag, uid, a, "THREAD"));
    }

    private static SearchKey searchKeys(String tag, boolean uid, ArgCursor a, String command) {
        ImapCommand.Search search = SearchParser.search(tag, uid, a);
        if (search.returnOptions() != null || search.charset() != null) {
            throw new ImapSyntaxException(command + " takes its charset before the search keys, and no RETURN");
        }
        return search.key();
    }
}
