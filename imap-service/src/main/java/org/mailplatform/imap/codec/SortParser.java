package org.mailplatform.imap.codec;

import java.util.ArrayList;
import java.util.List;

/** {@code [UID] SORT (criteria) charset search-keys} (RFC 5256 section 3). */
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
        ImapCommand.Search search = SearchParser.search(tag, uid, a);
        if (search.returnOptions() != null || search.charset() != null) {
            throw new ImapSyntaxException("SORT takes its charset before the search keys, and no RETURN");
        }
        return new ImapCommand.Sort(tag, uid, criteria, charset, search.key());
    }
}
