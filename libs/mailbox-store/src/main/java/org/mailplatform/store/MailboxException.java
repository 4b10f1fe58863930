package org.mailplatform.store;

/** Why a mailbox-store operation failed; subclasses name the cause. */
public class MailboxException extends RuntimeException {

    public MailboxException(String message) {
        super(message);
    }

    public MailboxException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The named mailbox does not exist for this user. */
    public static final class NotFound extends MailboxException {
        public NotFound(String name) {
            super("no such mailbox: " + name);
        }
    }

    /** A mailbox with that name already exists. */
    public static final class AlreadyExists extends MailboxException {
        public AlreadyExists(String name) {
            super("mailbox exists: " + name);
        }
    }

    /** The name is not acceptable (empty segment, control character, too long, ...). */
    public static final class InvalidName extends MailboxException {
        public InvalidName(String reason) {
            super("invalid mailbox name: " + reason);
        }
    }

    /** The operation is not allowed on this mailbox (deleting or renaming INBOX). */
    /** The special use is already held by another of the user's mailboxes (IMAP {@code [USEATTR]}). */
    public static final class SpecialUseTaken extends MailboxException {
        public SpecialUseTaken(SpecialUse use, String heldBy) {
            super("special use " + use.attribute() + " is already used by " + heldBy);
        }
    }

    public static final class NotAllowed extends MailboxException {
        public NotAllowed(String reason) {
            super(reason);
        }
    }
}
