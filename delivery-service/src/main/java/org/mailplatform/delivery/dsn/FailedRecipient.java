package org.mailplatform.delivery.dsn;

import java.util.Objects;

import org.mailplatform.model.InboundMessage;

/**
 * One recipient a DSN reports as failed (RFC 3464 section 2.3).
 *
 * @param recipient   the envelope recipient as the sender gave it (NOTIFY and ORCPT included)
 * @param status      RFC 3463 enhanced status code, e.g. {@code 5.1.1}
 * @param diagnostic  the remote server's reply ({@code smtp; 550 ...}) or a local explanation
 * @param remoteMta   the remote host that answered, or {@code null} when the failure was local
 */
public record FailedRecipient(InboundMessage.Recipient recipient, String status, String diagnostic, String remoteMta) {

    public FailedRecipient {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(status, "status");
        diagnostic = diagnostic == null ? "" : diagnostic;
    }

    /** Whether the recipient asked for failure notices (RFC 3461 section 4.1: without NOTIFY, failures are reported). */
    public boolean wantsFailureNotice() {
        return recipient.notifyOn().isEmpty() || recipient.notifyOn().stream().anyMatch("FAILURE"::equalsIgnoreCase);
    }
}
