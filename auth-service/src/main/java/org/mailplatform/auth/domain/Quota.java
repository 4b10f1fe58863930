package org.mailplatform.auth.domain;

/**
 * Storage limits of a user or a whole domain. {@code null} means unlimited. The mailbox side
 * (delivery, IMAP APPEND) enforces them; the directory only keeps them.
 *
 * @param maxBytes    total size of all messages, in bytes
 * @param maxMessages number of messages
 */
public record Quota(Long maxBytes, Long maxMessages) {

    public static final Quota UNLIMITED = new Quota(null, null);

    public Quota {
        if (maxBytes != null && maxBytes < 0 || maxMessages != null && maxMessages < 0) {
            throw new IllegalArgumentException("quota limits must not be negative");
        }
    }

    public static Quota orUnlimited(Quota quota) {
        return quota == null ? UNLIMITED : quota;
    }
}
