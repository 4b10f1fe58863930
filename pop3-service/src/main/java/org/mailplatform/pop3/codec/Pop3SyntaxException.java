package org.mailplatform.pop3.codec;

/** A command line that is not a valid POP3 command; {@link #response()} is what the server answers. */
public final class Pop3SyntaxException extends Exception {

    private final Pop3Response.Err response;

    public Pop3SyntaxException(String text) {
        super(text);
        this.response = Pop3Response.err(text);
    }

    public Pop3Response.Err response() {
        return response;
    }
}
