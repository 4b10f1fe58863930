package org.mailplatform.store;

/** {@link MailboxInfo} plus counters that need a query (IMAP STATUS, SELECT). */
public record MailboxStatus(MailboxInfo mailbox, long unseen, long deleted) {
}
