package org.mailplatform.store;

/** The user's quota does not allow this message (IMAP NO [OVERQUOTA], SMTP 552 5.2.2). */
public class OverQuotaException extends MailboxException {

    public OverQuotaException(String message) {
        super(message);
    }
}
