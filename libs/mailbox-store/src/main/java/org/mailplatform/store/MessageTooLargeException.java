package org.mailplatform.store;

/** The message is larger than {@code mail.store.max-message-size} (IMAP NO [TOOBIG]). */
public class MessageTooLargeException extends MailboxException {

    public MessageTooLargeException(long limit) {
        super("message larger than " + limit + " bytes");
    }
}
