package org.mailplatform.imap.managesieve;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** One argument of a ManageSieve command line (RFC 5804 section 4): an atom or a string. */
sealed interface Arg {

    /** A bare word: the command name, a number, {@code ACTIVE}. */
    record Atom(String text) implements Arg {
    }

    /** A quoted string or a literal, as the bytes the client sent. */
    record Str(byte[] bytes) implements Arg {

        /** The string as UTF-8, which RFC 5804 requires of names and scripts; malformed bytes are refused. */
        String text() {
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                throw new SieveSyntaxException("string is not valid UTF-8");
            }
        }

        @Override
        public String toString() {
            return "Str[" + bytes.length + " bytes]";
        }
    }
}
