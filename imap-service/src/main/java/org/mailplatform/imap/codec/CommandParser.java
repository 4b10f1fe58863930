package org.mailplatform.imap.codec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a tokenized command into its {@link ImapCommand} record (RFC 9051 section 6). The larger
 * grammars have their own parsers: {@link FetchParser}, {@link SearchParser}, {@link ListParser}.
 */
final class CommandParser {

    private CommandParser() {
    }

    static ImapCommand parse(CommandLine line) {
        String tag = line.tag();
        ArgCursor a = line.args();
        if (line.uid() && !List.of("FETCH", "STORE", "COPY", "MOVE", "SEARCH", "SORT", "THREAD", "EXPUNGE").contains(line.name())) {
            throw new ImapSyntaxException("UID " + line.name() + " is not a command");
        }
        ImapCommand command = switch (line.name()) {
            case "CAPABILITY" -> new ImapCommand.Capability(tag);
            case "NOOP" -> new ImapCommand.Noop(tag);
            case "LOGOUT" -> new ImapCommand.Logout(tag);
            case "STARTTLS" -> new ImapCommand.StartTls(tag);
            case "NAMESPACE" -> new ImapCommand.Namespace(tag);
            case "IDLE" -> new ImapCommand.Idle(tag);
            case "CHECK" -> new ImapCommand.Check(tag);
            case "CLOSE" -> new ImapCommand.Close(tag);
            case "UNSELECT" -> new ImapCommand.Unselect(tag);
            case "LOGIN" -> new ImapCommand.Login(tag, a.astring("user name"), a.astring("password"));
            case "AUTHENTICATE" -> new ImapCommand.Authenticate(tag, a.atomUpper("mechanism"),
                    a.hasMore() ? a.atom("initial response") : null);
            case "ENABLE" -> enable(tag, a);
            case "ID" -> id(tag, a);
            case "SELECT", "EXAMINE" -> SelectParser.select(tag, line.name().equals("EXAMINE"), a);
            case "CREATE" -> create(tag, a);
            case "DELETE" -> new ImapCommand.Delete(tag, a.astring("mailbox"));
            case "RENAME" -> new ImapCommand.Rename(tag, a.astring("mailbox"), a.astring("new mailbox name"));
            case "SUBSCRIBE" -> new ImapCommand.Subscribe(tag, a.astring("mailbox"));
            case "UNSUBSCRIBE" -> new ImapCommand.Unsubscribe(tag, a.astring("mailbox"));
            case "LIST" -> ListParser.list(tag, a);
            case "LSUB" -> ListParser.lsub(tag, a);
            case "STATUS" -> new ImapCommand.Status(tag, a.astring("mailbox"), statusItems(a.list("status items")));
            case "APPEND" -> throw new ImapSyntaxException("APPEND needs the message as a literal");
            case "EXPUNGE" -> new ImapCommand.Expunge(tag, line.uid() ? a.sequenceSet() : null);
            case "SEARCH" -> SearchParser.search(tag, line.uid(), a);
            case "SORT" -> SortParser.sort(tag, line.uid(), a);
            case "THREAD" -> SortParser.thread(tag, line.uid(), a);
            case "FETCH" -> FetchParser.fetch(tag, line.uid(), a);
            case "STORE" -> store(tag, line.uid(), a);
            case "COPY" -> new ImapCommand.Copy(tag, line.uid(), a.sequenceSet(), a.astring("mailbox"));
            case "MOVE" -> new ImapCommand.Move(tag, line.uid(), a.sequenceSet(), a.astring("mailbox"));
            case "GETQUOTA" -> new ImapCommand.GetQuota(tag, a.astring("quota root"));
            case "GETQUOTAROOT" -> new ImapCommand.GetQuotaRoot(tag, a.astring("mailbox"));
            case "SETQUOTA" -> setQuota(tag, a);
            case "COMPRESS" -> new ImapCommand.Compress(tag, a.atomUpper("mechanism"));
            default -> throw new ImapSyntaxException("unknown command " + truncate(line.name()));
        };
        a.end();
        return command;
    }

    /** APPEND up to its message literal: mailbox [flags] [date-time]. */
    static ImapCommand.Append append(CommandLine line, long size, boolean synchronizing, boolean binary) {
        ArgCursor a = line.args();
        String mailbox = a.astring("mailbox");
        List<String> flags = a.peekIsList() ? flags(a.list("flags")) : List.of();
        java.time.OffsetDateTime date = a.hasMore() ? ImapDates.parseDateTime(a.string("date-time")) : null;
        a.end();
        return new ImapCommand.Append(line.tag(), mailbox, flags, date, size, synchronizing, binary);
    }

    static List<String> flags(ArgCursor list) {
        List<String> flags = new ArrayList<>();
        while (list.hasMore()) {
            flags.add(flag(list.atom("flag")));
        }
        return flags;
    }

    /** A flag: {@code \System} (case as in the RFC) or a keyword atom. */
    static String flag(String s) {
        if (s.isEmpty()) {
            throw new ImapSyntaxException("empty flag");
        }
        if (s.charAt(0) == '\\') {
            String name = s.substring(1);
            for (String system : List.of("Answered", "Flagged", "Deleted", "Seen", "Draft", "Recent", "*")) {
                if (system.equalsIgnoreCase(name)) {
                    return "\\" + system;
                }
            }
            if (!isAtom(name)) {
                throw new ImapSyntaxException("invalid flag " + truncate(s));
            }
            return s; // a flag-extension
        }
        if (!isAtom(s)) {
            throw new ImapSyntaxException("invalid keyword " + truncate(s));
        }
        return s;
    }

    static boolean isAtom(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f || "(){%*\"\\]".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static ImapCommand enable(String tag, ArgCursor a) {
        List<String> caps = new ArrayList<>();
        caps.add(a.atomUpper("capability"));
        while (a.hasMore()) {
            caps.add(a.atomUpper("capability"));
        }
        return new ImapCommand.Enable(tag, caps);
    }

    private static ImapCommand id(String tag, ArgCursor a) {
        if (a.peekAtom("NIL")) {
            a.next("NIL");
            return new ImapCommand.Id(tag, null);
        }
        ArgCursor list = a.list("ID parameters");
        Map<String, String> params = new LinkedHashMap<>();
        while (list.hasMore()) {
            String key = list.string("ID field");
            String value = list.nstring("ID value");
            if (params.size() >= 30 || key.length() > 30 || (value != null && value.length() > 1024)) {
                throw new ImapSyntaxException("ID parameters too long (RFC 2971 section 3.3)");
            }
            params.put(key, value);
        }
        return new ImapCommand.Id(tag, params);
    }

    private static ImapCommand create(String tag, ArgCursor a) {
        String mailbox = a.astring("mailbox");
        List<String> use = List.of();
        if (a.hasMore()) {
            ArgCursor params = a.list("CREATE parameters");
            while (params.hasMore()) {
                String name = params.atomUpper("CREATE parameter");
                if (!name.equals("USE")) {
                    throw new ImapSyntaxException("unknown CREATE parameter " + truncate(name));
                }
                use = flags(params.list("special-use attributes"));
            }
        }
        return new ImapCommand.Create(tag, mailbox, use);
    }

    static List<StatusItem> statusItems(ArgCursor list) {
        List<StatusItem> items = new ArrayList<>();
        while (list.hasMore()) {
            String s = list.atomUpper("status item");
            try {
                items.add(StatusItem.valueOf(s));
            } catch (IllegalArgumentException e) {
                throw new ImapSyntaxException("unknown status item " + truncate(s));
            }
        }
        if (items.isEmpty()) {
            throw new ImapSyntaxException("no status items");
        }
        return items;
    }

    private static ImapCommand store(String tag, boolean uid, ArgCursor a) {
        SequenceSet set = a.sequenceSet();
        long unchangedSince = -1;
        if (a.peekIsList()) {
            ArgCursor mods = a.list("STORE modifiers");
            while (mods.hasMore()) {
                String m = mods.atomUpper("STORE modifier");
                if (!m.equals("UNCHANGEDSINCE")) {
                    throw new ImapSyntaxException("unknown STORE modifier " + truncate(m));
                }
                unchangedSince = mods.number("mod-sequence");
            }
        }
        String item = a.atomUpper("store attribute");
        ImapCommand.StoreMode mode = switch (item.charAt(0)) {
            case '+' -> ImapCommand.StoreMode.ADD;
            case '-' -> ImapCommand.StoreMode.REMOVE;
            default -> ImapCommand.StoreMode.REPLACE;
        };
        String base = mode == ImapCommand.StoreMode.REPLACE ? item : item.substring(1);
        boolean silent = base.equals("FLAGS.SILENT");
        if (!silent && !base.equals("FLAGS")) {
            throw new ImapSyntaxException("unknown store attribute " + truncate(item));
        }
        List<String> flags;
        if (a.peekIsList()) {
            flags = flags(a.list("flags"));
        } else {
            flags = new ArrayList<>();
            while (a.hasMore()) {
                flags.add(flag(a.atom("flag")));
            }
        }
        return new ImapCommand.Store(tag, uid, set, unchangedSince, mode, silent, flags);
    }

    private static ImapCommand setQuota(String tag, ArgCursor a) {
        String root = a.astring("quota root");
        ArgCursor list = a.list("quota limits");
        Map<String, Long> limits = new LinkedHashMap<>();
        while (list.hasMore()) {
            limits.put(list.atomUpper("resource name"), list.number("limit"));
        }
        return new ImapCommand.SetQuota(tag, root, limits);
    }

    static String truncate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    static String upper(String s) {
        return s.toUpperCase(Locale.ROOT);
    }
}
