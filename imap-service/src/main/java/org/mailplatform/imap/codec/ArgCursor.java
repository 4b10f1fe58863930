package org.mailplatform.imap.codec;

import java.util.List;
import java.util.Locale;

/** Reads a command's {@link Arg}s left to right with the grammar's basic types (RFC 9051 section 9). */
final class ArgCursor {

    private final List<Arg> args;
    private int next;

    ArgCursor(List<Arg> args) {
        this.args = args;
    }

    boolean hasMore() {
        return next < args.size();
    }

    Arg peek() {
        return hasMore() ? args.get(next) : null;
    }

    boolean peekIsList() {
        return peek() instanceof Arg.ListArg;
    }

    /** Whether the next argument is the atom {@code word} (any case). */
    boolean peekAtom(String word) {
        return peek() instanceof Arg.Atom a && a.text().equalsIgnoreCase(word);
    }

    Arg next(String what) {
        if (!hasMore()) {
            throw new ImapSyntaxException("missing " + what);
        }
        return args.get(next++);
    }

    String atom(String what) {
        if (next(what) instanceof Arg.Atom a) {
            return a.text();
        }
        throw new ImapSyntaxException(what + " must be an atom");
    }

    String atomUpper(String what) {
        return atom(what).toUpperCase(Locale.ROOT);
    }

    /** An astring: atom, quoted string or literal. */
    String astring(String what) {
        return switch (next(what)) {
            case Arg.Atom a -> a.text();
            case Arg.Str s -> s.text();
            case Arg.ListArg l -> throw new ImapSyntaxException(what + " must be a string");
        };
    }

    /** A string (quoted or literal); an atom is accepted too, as most servers do. */
    String string(String what) {
        return astring(what);
    }

    /** An nstring: NIL (as an atom) or a string. */
    String nstring(String what) {
        Arg a = next(what);
        if (a instanceof Arg.Atom atom && atom.text().equalsIgnoreCase("NIL")) {
            return null;
        }
        next--;
        return astring(what);
    }

    long number(String what) {
        String s = atom(what);
        if (s.isEmpty() || s.length() > 19) {
            throw new ImapSyntaxException("invalid " + what);
        }
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new ImapSyntaxException("invalid " + what + " '" + s + "'");
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /** A non-zero number (nz-number, or mod-sequence-value which is at most 2^63-1). */
    long nzNumber(String what) {
        long n = number(what);
        if (n == 0) {
            throw new ImapSyntaxException(what + " must not be 0");
        }
        return n;
    }

    ArgCursor list(String what) {
        if (next(what) instanceof Arg.ListArg l) {
            return new ArgCursor(l.items());
        }
        throw new ImapSyntaxException(what + " must be a parenthesized list");
    }

    SequenceSet sequenceSet() {
        return SequenceSet.parse(atom("sequence set"));
    }

    /** The command must have no further arguments. */
    void end() {
        if (hasMore()) {
            throw new ImapSyntaxException("unexpected argument");
        }
    }
}
