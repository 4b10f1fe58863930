package org.mailplatform.sieve;

/**
 * The user's mailboxes as the {@code mailboxexists} test (RFC 5490 3.1) and the {@code special-use}
 * extension (RFC 8579) see them: whether one exists and takes delivered mail, and which one has a
 * special-use attribute. Delivery asks its mailbox store; a failure (the store down) is thrown and
 * ends the run as a run-time error, so the message is kept.
 */
@FunctionalInterface
public interface MailboxLookup {

    /** No mailbox exists: for a run that has no store to ask. */
    MailboxLookup NONE = name -> false;

    /** Whether the user has a mailbox of this name ({@code /} as delimiter, as the store has it). */
    boolean exists(String name);

    /**
     * The user's mailbox with the special-use attribute {@code attribute} ({@code \\Junk}, compared
     * without regard to case), or null when none has it.
     */
    default String withSpecialUse(String attribute) {
        return null;
    }
}
