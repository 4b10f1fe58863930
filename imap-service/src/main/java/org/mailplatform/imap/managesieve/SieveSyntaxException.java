package org.mailplatform.imap.managesieve;

/** A command line that does not follow RFC 5804's grammar; the message is said to the client. */
final class SieveSyntaxException extends RuntimeException {

    SieveSyntaxException(String message) {
        super(message, null, false, false);
    }
}
