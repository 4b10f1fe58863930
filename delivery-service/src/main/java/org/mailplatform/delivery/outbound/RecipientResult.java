package org.mailplatform.delivery.outbound;

/** What became of one recipient in one delivery attempt. */
public sealed interface RecipientResult {

    /** The remote server took responsibility (250 after DATA). */
    record Delivered(String remoteMta) implements RecipientResult {
    }

    /** Try again later. */
    record Temporary(String diagnostic, String remoteMta) implements RecipientResult {
    }

    /**
     * Never deliverable: report it to the sender.
     *
     * @param status RFC 3463 status for the DSN
     */
    record Permanent(String status, String diagnostic, String remoteMta) implements RecipientResult {
    }
}
