package org.mailplatform.imap.codec;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One argument of a command line as the {@link RequestDecoder} tokenizes it, before a command
 * parser gives it meaning (RFC 9051 section 4): an atom (which here may carry a bracketed section
 * such as {@code BODY[HEADER.FIELDS (DATE)]<0.100>}), a quoted string or literal, or a
 * parenthesized list.
 */
sealed interface Arg {

    /** An atom as sent: command names, flags, sequence sets, NIL, numbers. */
    record Atom(String text) implements Arg {
    }

    /** A quoted string or a literal, with its bytes. */
    record Str(byte[] bytes, boolean literal) implements Arg {

        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return (literal ? "Literal[" : "Quoted[") + text() + "]";
        }
    }

    /** A parenthesized list. */
    record ListArg(List<Arg> items) implements Arg {
    }
}
