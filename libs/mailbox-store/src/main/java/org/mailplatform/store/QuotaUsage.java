package org.mailplatform.store;

/**
 * A user's storage use and limits (RFC 9208 STORAGE and MESSAGE resources).
 *
 * @param bytesLimit    0 for unlimited
 * @param messagesLimit 0 for unlimited
 */
public record QuotaUsage(long bytes, long messages, long bytesLimit, long messagesLimit) {
}
