package org.mailplatform.imap.codec;

/** What the {@link RequestDecoder} hands the session, one at a time. */
public sealed interface DecodedInput {

    /** A complete command (for APPEND: its literal's bytes follow as {@link AppendData}). */
    record Command(ImapCommand command) implements DecodedInput {
    }

    /**
     * The client announced a synchronizing literal within the limits: the session must send a
     * continuation request ({@code + ...}) and the client then sends the bytes.
     */
    record ContinuationNeeded(String tag, long size) implements DecodedInput {
    }

    /**
     * A piece of APPEND's message. The last piece (maybe empty) comes once the line after the
     * literal has ended; the APPEND is then complete.
     */
    record AppendData(byte[] bytes, boolean last) implements DecodedInput {
    }

    /**
     * A line the session asked for with {@link RequestDecoder#expectLine()}: a SASL response
     * (RFC 9051 section 6.2.2) or the DONE that ends IDLE (RFC 2177), without CR LF.
     */
    record Line(String text) implements DecodedInput {
    }

    /**
     * Input that is not a valid command.
     *
     * @param tag   the command's tag if one could be read, else {@code null} (answer untagged)
     * @param error why
     * @param fatal the connection cannot continue in sync (e.g. a non-synchronizing literal over
     *              the limit is on its way): the session says BYE and closes
     */
    record Invalid(String tag, ImapSyntaxException error, boolean fatal) implements DecodedInput {
    }
}
