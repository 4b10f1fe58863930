package org.mailplatform.imap.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * FETCH items (RFC 9051 section 6.4.5, RFC 3516 BINARY, RFC 7162 CHANGEDSINCE/VANISHED, RFC 8474).
 * A section atom looks like {@code BODY.PEEK[1.2.HEADER.FIELDS (DATE FROM)]<0.2048>}.
 */
final class FetchParser {

    private FetchParser() {
    }

    static ImapCommand.Fetch fetch(String tag, boolean uid, ArgCursor a) {
        SequenceSet set = a.sequenceSet();
        List<FetchAttribute> items = new ArrayList<>();
        if (a.peekIsList()) {
            ArgCursor list = a.list("fetch items");
            while (list.hasMore()) {
                item(list.atom("fetch item"), items);
            }
            if (items.isEmpty()) {
                throw new ImapSyntaxException("no fetch items");
            }
        } else {
            String item = a.atom("fetch item");
            switch (CommandParser.upper(item)) {
                case "ALL" -> items.addAll(List.of(new FetchAttribute.Flags(), new FetchAttribute.InternalDate(),
                        new FetchAttribute.Rfc822Size(), new FetchAttribute.Envelope()));
                case "FAST" -> items.addAll(List.of(new FetchAttribute.Flags(), new FetchAttribute.InternalDate(),
                        new FetchAttribute.Rfc822Size()));
                case "FULL" -> items.addAll(List.of(new FetchAttribute.Flags(), new FetchAttribute.InternalDate(),
                        new FetchAttribute.Rfc822Size(), new FetchAttribute.Envelope(),
                        new FetchAttribute.BodyStructure(false)));
                default -> item(item, items);
            }
        }
        long changedSince = -1;
        boolean vanished = false;
        if (a.hasMore()) {
            ArgCursor mods = a.list("fetch modifiers");
            while (mods.hasMore()) {
                String m = mods.atomUpper("fetch modifier");
                switch (m) {
                    case "CHANGEDSINCE" -> changedSince = mods.number("mod-sequence");
                    case "VANISHED" -> vanished = true;
                    default -> throw new ImapSyntaxException("unknown FETCH modifier " + CommandParser.truncate(m));
                }
            }
            if (vanished && (!uid || changedSince < 0)) {
                throw new ImapSyntaxException("VANISHED needs UID FETCH with CHANGEDSINCE (RFC 7162 section 3.2.6)");
            }
        }
        if (uid && items.stream().noneMatch(i -> i instanceof FetchAttribute.Uid)) {
            items.add(0, new FetchAttribute.Uid());
        }
        if (changedSince >= 0 && items.stream().noneMatch(i -> i instanceof FetchAttribute.ModSeq)) {
            items.add(new FetchAttribute.ModSeq());
        }
        return new ImapCommand.Fetch(tag, uid, set, items, changedSince, vanished);
    }

    private static void item(String raw, List<FetchAttribute> items) {
        String s = CommandParser.upper(raw);
        int bracket = s.indexOf('[');
        if (bracket < 0) {
            items.add(switch (s) {
                case "FLAGS" -> new FetchAttribute.Flags();
                case "INTERNALDATE" -> new FetchAttribute.InternalDate();
                case "RFC822.SIZE" -> new FetchAttribute.Rfc822Size();
                case "ENVELOPE" -> new FetchAttribute.Envelope();
                case "BODY" -> new FetchAttribute.BodyStructure(false);
                case "BODYSTRUCTURE" -> new FetchAttribute.BodyStructure(true);
                case "UID" -> new FetchAttribute.Uid();
                case "MODSEQ" -> new FetchAttribute.ModSeq();
                case "EMAILID" -> new FetchAttribute.EmailId();
                case "THREADID" -> new FetchAttribute.ThreadId();
                case "RFC822" -> new FetchAttribute.BodySection(Section.whole(), null, false, "RFC822");
                case "RFC822.HEADER" -> new FetchAttribute.BodySection(Section.of(Section.Text.HEADER), null, true,
                        "RFC822.HEADER");
                case "RFC822.TEXT" -> new FetchAttribute.BodySection(Section.of(Section.Text.TEXT), null, false,
                        "RFC822.TEXT");
                default -> throw new ImapSyntaxException("unknown fetch item " + CommandParser.truncate(raw));
            });
            return;
        }
        int close = s.indexOf(']', bracket);
        String name = s.substring(0, bracket);
        String inside = raw.substring(bracket + 1, close);
        Partial partial = partial(s.substring(close + 1));
        switch (name) {
            case "BODY", "BODY.PEEK" -> items.add(new FetchAttribute.BodySection(section(inside), partial,
                    name.equals("BODY.PEEK"), null));
            case "BINARY", "BINARY.PEEK" -> items.add(new FetchAttribute.Binary(binarySection(inside), partial,
                    name.equals("BINARY.PEEK")));
            case "BINARY.SIZE" -> {
                if (partial != null) {
                    throw new ImapSyntaxException("BINARY.SIZE takes no partial");
                }
                items.add(new FetchAttribute.BinarySize(binarySection(inside)));
            }
            default -> throw new ImapSyntaxException("unknown fetch item " + CommandParser.truncate(raw));
        }
    }

    private static Partial partial(String s) {
        if (s.isEmpty()) {
            return null;
        }
        if (s.charAt(0) != '<' || s.charAt(s.length() - 1) != '>') {
            throw new ImapSyntaxException("invalid partial " + CommandParser.truncate(s));
        }
        String[] p = s.substring(1, s.length() - 1).split("\\.", -1);
        if (p.length != 2) {
            throw new ImapSyntaxException("partial needs <offset.length>");
        }
        return new Partial(digits(p[0]), digits(p[1]));
    }

    private static long digits(String s) {
        if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new ImapSyntaxException("invalid number in partial");
        }
        return Long.parseLong(s);
    }

    /** section-spec: part numbers, then HEADER, HEADER.FIELDS[.NOT] (list), TEXT or MIME. */
    static Section section(String inside) {
        List<Integer> part = new ArrayList<>();
        String rest = inside.strip();
        while (!rest.isEmpty() && rest.charAt(0) >= '0' && rest.charAt(0) <= '9') {
            int dot = rest.indexOf('.');
            String n = dot < 0 ? rest : rest.substring(0, dot);
            part.add(partNumber(n));
            rest = dot < 0 ? "" : rest.substring(dot + 1);
        }
        if (rest.isEmpty()) {
            return new Section(part, Section.Text.CONTENT, List.of());
        }
        String upper = CommandParser.upper(rest);
        if (upper.equals("HEADER")) {
            return new Section(part, Section.Text.HEADER, List.of());
        }
        if (upper.equals("TEXT")) {
            return new Section(part, Section.Text.TEXT, List.of());
        }
        if (upper.equals("MIME")) {
            if (part.isEmpty()) {
                throw new ImapSyntaxException("MIME needs a part number");
            }
            return new Section(part, Section.Text.MIME, List.of());
        }
        boolean not = upper.startsWith("HEADER.FIELDS.NOT");
        if (!not && !upper.startsWith("HEADER.FIELDS")) {
            throw new ImapSyntaxException("invalid section " + CommandParser.truncate(inside));
        }
        String list = rest.substring(not ? "HEADER.FIELDS.NOT".length() : "HEADER.FIELDS".length()).strip();
        if (list.length() < 2 || list.charAt(0) != '(' || list.charAt(list.length() - 1) != ')') {
            throw new ImapSyntaxException("HEADER.FIELDS needs a list of field names");
        }
        List<String> fields = new ArrayList<>();
        for (String f : list.substring(1, list.length() - 1).strip().split(" +")) {
            String field = f.startsWith("\"") && f.endsWith("\"") && f.length() >= 2 ? f.substring(1, f.length() - 1) : f;
            if (field.isEmpty() || !field.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ':')) {
                throw new ImapSyntaxException("invalid header field name " + CommandParser.truncate(f));
            }
            fields.add(field);
        }
        return new Section(part, not ? Section.Text.HEADER_FIELDS_NOT : Section.Text.HEADER_FIELDS, fields);
    }

    private static Section binarySection(String inside) {
        List<Integer> part = new ArrayList<>();
        if (!inside.isEmpty()) {
            for (String n : inside.split("\\.", -1)) {
                part.add(partNumber(n));
            }
        }
        return new Section(part, Section.Text.CONTENT, List.of());
    }

    private static int partNumber(String n) {
        if (n.isEmpty() || n.length() > 9 || n.charAt(0) == '0' || !n.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new ImapSyntaxException("invalid part number '" + CommandParser.truncate(n) + "'");
        }
        return Integer.parseInt(n);
    }
}
