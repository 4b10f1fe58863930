package org.mailplatform.imap.codec;

import java.util.ArrayList;
import java.util.List;

/** LIST with the extended syntax (RFC 9051 section 6.3.9, RFC 5258, RFC 5819, RFC 6154) and LSUB. */
final class ListParser {

    private static final List<String> SELECTION = List.of("SUBSCRIBED", "REMOTE", "RECURSIVEMATCH", "SPECIAL-USE");
    private static final List<String> RETURN = List.of("SUBSCRIBED", "CHILDREN", "SPECIAL-USE", "STATUS", "MYRIGHTS");

    private ListParser() {
    }

    static ImapCommand.ListMailboxes list(String tag, ArgCursor a) {
        List<String> selection = new ArrayList<>();
        if (a.peekIsList()) {
            ArgCursor opts = a.list("selection options");
            while (opts.hasMore()) {
                String o = opts.atomUpper("selection option");
                if (!SELECTION.contains(o)) {
                    throw new ImapSyntaxException("unknown LIST selection option " + CommandParser.truncate(o));
                }
                selection.add(o);
            }
            if (selection.equals(List.of("RECURSIVEMATCH"))) {
                throw new ImapSyntaxException("RECURSIVEMATCH needs another selection option (RFC 5258 section 3.1)");
            }
        }
        String reference = a.astring("reference");
        List<String> patterns = new ArrayList<>();
        if (a.peekIsList()) {
            ArgCursor p = a.list("patterns");
            while (p.hasMore()) {
                patterns.add(p.astring("pattern"));
            }
            if (patterns.isEmpty()) {
                throw new ImapSyntaxException("empty pattern list");
            }
        } else {
            patterns.add(a.astring("pattern"));
        }
        List<String> returns = new ArrayList<>();
        List<StatusItem> status = List.of();
        if (a.hasMore()) {
            if (!a.atomUpper("RETURN").equals("RETURN")) {
                throw new ImapSyntaxException("expected RETURN");
            }
            ArgCursor opts = a.list("return options");
            while (opts.hasMore()) {
                String o = opts.atomUpper("return option");
                if (!RETURN.contains(o)) {
                    throw new ImapSyntaxException("unknown LIST return option " + CommandParser.truncate(o));
                }
                if (o.equals("STATUS")) {
                    status = CommandParser.statusItems(opts.list("status items"));
                }
                returns.add(o);
            }
        }
        return new ImapCommand.ListMailboxes(tag, selection, reference, patterns, returns, status, false);
    }

    static ImapCommand.ListMailboxes lsub(String tag, ArgCursor a) {
        String reference = a.astring("reference");
        String pattern = a.astring("pattern");
        return new ImapCommand.ListMailboxes(tag, List.of("SUBSCRIBED"), reference, List.of(pattern), List.of(),
                List.of(), true);
    }
}
