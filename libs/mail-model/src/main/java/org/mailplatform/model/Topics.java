package org.mailplatform.model;

import java.util.List;

/** The Kafka topics of the platform (see ARCHITECTURE.md, "The paths a message takes"). */
public final class Topics {

    /** One record per message accepted by smtp-ingress (or a DSN), keyed by message id. */
    public static final String MAIL_INBOUND = "mail.inbound";
    /** One record per local recipient, keyed by the recipient's user id. */
    public static final String MAIL_LOCAL = "mail.local";
    /** One record per remote destination domain, keyed by that domain. */
    public static final String MAIL_OUTBOUND = "mail.outbound";
    /** Outbound deliveries waiting for their next attempt (with a not-before time). */
    public static final String MAIL_RETRY = "mail.retry";
    /** Records that could not be processed, with the reason; never dropped silently. */
    public static final String MAIL_DLQ = "mail.dlq";
    /** Every change a mailbox store makes, keyed by user id; read by every IMAP node. */
    public static final String MAILBOX_CHANGES = "mailbox.changes";

    /** All topics, for provisioning (standalone, the Helm hook job). */
    public static final List<String> ALL =
            List.of(MAIL_INBOUND, MAIL_LOCAL, MAIL_OUTBOUND, MAIL_RETRY, MAIL_DLQ, MAILBOX_CHANGES);

    private Topics() {
    }
}
