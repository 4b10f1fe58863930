package org.mailplatform.delivery.local;

/** What the local deliverer does with a message the recipient's quota cannot take. */
public enum OverQuotaPolicy {
    /** Fail at once with {@code 5.2.2} (mailbox full) and send a DSN. */
    BOUNCE,
    /**
     * Keep it on the retry schedule (the user may free space) and bounce with {@code 5.2.2} when
     * the message expires, as Postfix does with a {@code 452 4.2.2} from its delivery agent.
     */
    DEFER
}
