package org.mailplatform.delivery.stage;

/**
 * Thrown by a handler for a record that can never be processed (unreadable, inconsistent): the
 * stage dead-letters it at once instead of retrying it.
 */
public class PoisonRecordException extends RuntimeException {

    public PoisonRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
