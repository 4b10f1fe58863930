package org.mailplatform.store;

/** MongoDB or S3 cannot be reached: a temporary failure (IMAP NO [UNAVAILABLE], SMTP 451). */
public class StoreUnavailableException extends MailboxException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
