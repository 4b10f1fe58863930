package org.mailplatform.imap.managesieve;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.mailplatform.protocol.syntax.LiteralHeader;

/**
 * Splits one line of a command (without CR LF) into {@link Arg}s: atoms, quoted strings with
 * {@code \"} and {@code \\} escapes, and a literal header {@code {n}} / {@code {n+}} that must end
 * the line (protocol-kit's {@link LiteralHeader}, the syntax IMAP shares).
 */
final class ArgTokenizer {

    private ArgTokenizer() {
    }

    /**
     * Adds the line's arguments to {@code out}.
     *
     * @return the literal the line announces, or {@code null} when the line ends the command
     */
    static LiteralHeader tokenize(byte[] line, List<Arg> out) {
        int i = 0;
        while (i < line.length) {
            byte c = line[i];
            if (c == ' ') {
                i++;
            } else if (c == '"') {
                i = quoted(line, i + 1, out);
            } else if (c == '{') {
                try {
                    return LiteralHeader.parse(line, i + 1);
                } catch (LiteralHeader.Malformed e) {
                    throw new SieveSyntaxException(e.getMessage());
                }
            } else {
                i = atom(line, i, out);
            }
        }
        return null;
    }

    private static int quoted(byte[] b, int start, List<Arg> out) {
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        int i = start;
        while (i < b.length) {
            byte c = b[i];
            if (c == '"') {
                out.add(new Arg.Str(s.toByteArray()));
                return i + 1;
            }
            if (c == '\\') {
                if (i + 1 >= b.length || (b[i + 1] != '"' && b[i + 1] != '\\')) {
                    throw new SieveSyntaxException("invalid escape in quoted string");
                }
                s.write(b[i + 1]);
                i += 2;
                continue;
            }
            if (c == 0 || c == '\r') {
                throw new SieveSyntaxException("control character in quoted string");
            }
            s.write(c);
            i++;
        }
        throw new SieveSyntaxException("unterminated quoted string");
    }

    private static int atom(byte[] b, int start, List<Arg> out) {
        int i = start;
        while (i < b.length && b[i] != ' ') {
            byte c = b[i];
            if (c < 0x21 || c > 0x7e || c == '"' || c == '{' || c == '}' || c == '(' || c == ')') {
                throw new SieveSyntaxException("invalid character in command");
            }
            i++;
        }
        out.add(new Arg.Atom(new String(b, start, i - start, StandardCharsets.US_ASCII)));
        return i;
    }
}
