package org.mailplatform.imap.codec;

import java.util.List;
import java.util.Locale;

/** A tokenized command: tag, name (upper case, with the UID prefix split off) and arguments. */
record CommandLine(String tag, String name, boolean uid, ArgCursor args) {

    static CommandLine of(List<Arg> root) {
        if (root.size() < 2 || !(root.get(0) instanceof Arg.Atom tag) || !(root.get(1) instanceof Arg.Atom name)) {
            throw new ImapSyntaxException("missing command");
        }
        String n = name.text().toUpperCase(Locale.ROOT);
        if (n.equals("UID")) {
            if (root.size() < 3 || !(root.get(2) instanceof Arg.Atom sub)) {
                throw new ImapSyntaxException("missing command after UID");
            }
            return new CommandLine(tag.text(), sub.text().toUpperCase(Locale.ROOT), true,
                    new ArgCursor(root.subList(3, root.size())));
        }
        return new CommandLine(tag.text(), n, false, new ArgCursor(root.subList(2, root.size())));
    }
}
