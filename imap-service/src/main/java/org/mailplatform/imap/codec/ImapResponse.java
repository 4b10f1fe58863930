package org.mailplatform.imap.codec;

import java.util.Objects;

/**
 * A server response (RFC 9051 section 7), encoded by {@link ResponseEncoder}.
 */
public sealed interface ImapResponse {

    /** The status words of RFC 9051 section 7.1. */
    enum Condition { OK, NO, BAD, BYE, PREAUTH }

    /**
     * {@code tag OK|NO|BAD [code] text}: the command's completion.
     *
     * @param code response code or {@code null}
     */
    record Tagged(String tag, Condition condition, ResponseCode code, String text) implements ImapResponse {
        public Tagged {
            Objects.requireNonNull(tag, "tag");
            if (condition == Condition.BYE || condition == Condition.PREAUTH) {
                throw new IllegalArgumentException(condition + " is never tagged");
            }
        }
    }

    /** {@code * OK|NO|BAD|BYE|PREAUTH [code] text}. */
    record UntaggedStatus(Condition condition, ResponseCode code, String text) implements ImapResponse {
    }

    /**
     * {@code * <data>}: untagged data such as {@code 3 EXISTS}, {@code FLAGS (...)} or a FETCH
     * response, already in IMAP syntax (see {@link ImapWriter}); it may hold literals.
     */
    record Untagged(byte[] data) implements ImapResponse {
    }

    /** {@code + text}: the server is ready for a literal or a SASL response. */
    record Continuation(String text) implements ImapResponse {
    }

    static Tagged ok(String tag, String text) {
        return new Tagged(tag, Condition.OK, null, text);
    }

    static Tagged ok(String tag, ResponseCode code, String text) {
        return new Tagged(tag, Condition.OK, code, text);
    }

    static Tagged no(String tag, ResponseCode code, String text) {
        return new Tagged(tag, Condition.NO, code, text);
    }

    static Tagged bad(String tag, ResponseCode code, String text) {
        return new Tagged(tag, Condition.BAD, code, text);
    }

    static UntaggedStatus bye(ResponseCode code, String text) {
        return new UntaggedStatus(Condition.BYE, code, text);
    }
}
