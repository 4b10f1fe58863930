package org.mailplatform.imap.codec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Splits the lines of one command into {@link Arg}s (RFC 9051 section 4). A command may span
 * several lines joined by literals; the open parentheses are kept from one line to the next.
 *
 * <p>Atoms here are wider than the grammar's: a {@code [} starts a bracketed part that may hold
 * spaces and parentheses up to its {@code ]} ({@code BODY[HEADER.FIELDS (DATE)]<0.10>}), and the
 * list wildcards {@code %} and {@code *} are atom characters. The command parsers check the rest.
 */
final class LineTokenizer {

    /** A literal's header at the end of a line: {@code {n}}, {@code {n+}}, {@code {n-}}, {@code ~{n}}. */
    record LiteralHeader(long size, boolean synchronizing, boolean binary) {
    }

    private final Deque<List<Arg>> open = new ArrayDeque<>();
    private List<Arg> root = new ArrayList<>();

    LineTokenizer() {
        open.push(root);
    }

    /** The top-level arguments so far. */
    List<Arg> root() {
        return root;
    }

    /** How many lists are open. */
    int depth() {
        return open.size() - 1;
    }

    void reset() {
        open.clear();
        root = new ArrayList<>();
        open.push(root);
    }

    /** Adds a literal's bytes as the next argument. */
    void addLiteral(byte[] bytes) {
        open.peek().add(new Arg.Str(bytes, true));
    }

    /**
     * Tokenizes one line (without CR LF).
     *
     * @return the literal header the line ends with, or {@code null} if it ends the command
     */
    LiteralHeader tokenize(byte[] b) {
        int n = b.length;
        int i = 0;
        while (i < n) {
            byte c = b[i];
            if (c == ' ') {
                i++;
            } else if (c == '(') {
                List<Arg> list = new ArrayList<>();
                open.peek().add(new Arg.ListArg(list));
                open.push(list);
                i++;
            } else if (c == ')') {
                if (depth() == 0) {
                    throw new ImapSyntaxException("unbalanced ')'");
                }
                open.pop();
                i++;
            } else if (c == '"') {
                i = quoted(b, i + 1);
            } else if (c == '{' || (c == '~' && i + 1 < n && b[i + 1] == '{')) {
                return literalHeader(b, c == '~' ? i + 2 : i + 1, c == '~');
            } else {
                i = atom(b, i);
            }
        }
        return null;
    }

    private int quoted(byte[] b, int start) {
        java.io.ByteArrayOutputStream s = new java.io.ByteArrayOutputStream();
        int i = start;
        while (i < b.length) {
            byte c = b[i];
            if (c == '"') {
                open.peek().add(new Arg.Str(s.toByteArray(), false));
                return i + 1;
            }
            if (c == '\\') {
                if (i + 1 >= b.length || (b[i + 1] != '"' && b[i + 1] != '\\')) {
                    throw new ImapSyntaxException("invalid escape in quoted string");
                }
                s.write(b[i + 1]);
                i += 2;
                continue;
            }
            if (c == 0) {
                throw new ImapSyntaxException("NUL in quoted string");
            }
            s.write(c);
            i++;
        }
        throw new ImapSyntaxException("unterminated quoted string");
    }

    private LiteralHeader literalHeader(byte[] b, int start, boolean binary) {
        try {
            org.mailplatform.protocol.syntax.LiteralHeader h = org.mailplatform.protocol.syntax.LiteralHeader.parse(b, start);
            return new LiteralHeader(h.size(), h.synchronizing(), binary);
        } catch (org.mailplatform.protocol.syntax.LiteralHeader.Malformed e) {
            throw new ImapSyntaxException(e.getMessage());
        }
    }

    private int atom(byte[] b, int start) {
        int i = start;
        int brackets = 0;
        while (i < b.length) {
            byte c = b[i];
            if (c >= 0 && (c < 0x20 || c == 0x7f)) {
                throw new ImapSyntaxException("control character in command");
            }
            if (brackets > 0) {
                if (c == '[') {
                    brackets++;
                } else if (c == ']') {
                    brackets--;
                }
                i++;
                continue;
            }
            if (c == ' ' || c == '(' || c == ')' || c == '"') {
                break;
            }
            if (c == '[') {
                brackets++;
            }
            i++;
        }
        if (brackets > 0) {
            throw new ImapSyntaxException("unterminated '['");
        }
        open.peek().add(new Arg.Atom(new String(b, start, i - start, StandardCharsets.UTF_8)));
        return i;
    }
}
