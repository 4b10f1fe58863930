package org.mailplatform.delivery.dsn;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    private static final Pattern TEMPORARY_STATUS = Pattern.compile("\\b4\\.\\d{1,3}\\.\\d{1,3}\\b");

    public FailedRecipient {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(status, "status");
        diagnostic = diagnostic == null ? "" : diagnostic;
    }

    /**
     * A recipient still being retried, for a delay notice: the status is the enhanced code of the
     * last temporary reply ({@code smtp; 451 4.3.0 ...}) or {@code 4.0.0} when it had none.
     */
    public static FailedRecipient delayed(InboundMessage.Recipient recipient, String diagnostic, String remoteMta) {
        Matcher m = TEMPORARY_STATUS.matcher(diagnostic == null ? "" : diagnostic);
        return new FailedRecipient(recipient, m.find() ? m.group() : "4.0.0", diagnostic, remoteMta);
    }

    /**
     * Whether the recipient asked for delay notices: NOTIFY includes DELAY, or there was no NOTIFY
     * and {@code whenNotifyAbsent} (RFC 3461 section 4.1 leaves that case to the MTA).
     */
    public boolean wantsDelayNotice(boolean whenNotifyAbsent) {
        return recipient.notifyOn().isEmpty() ? whenNotifyAbsent
                : recipient.notifyOn().stream().anyMatch("DELAY"::equalsIgnoreCase);
    }

    /** Whether the recipient asked for failure notices (RFC 3461 section 4.1: without NOTIFY, failures are reported). */
    public boolean wantsFailureNotice() {
        return recipient.notifyOn().isEmpty() || recipient.notifyOn().stream().anyMatch("FAILURE"::equalsIgnoreCase);
    }
}
