package org.mailplatform.imap.codec;

/**
 * A command that does not follow the grammar of RFC 9051 section 9: the server answers with a
 * tagged {@code BAD} (or untagged when no tag could be read).
 */
public final class ImapSyntaxException extends RuntimeException {

    private final ResponseCode code;

    public ImapSyntaxException(String message) {
        this(null, message);
    }

    public ImapSyntaxException(ResponseCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    /** A response code for the BAD ({@code CLIENTBUG}, {@code TOOBIG}, ...), or {@code null}. */
    public ResponseCode code() {
        return code;
    }
}
