package org.mailplatform.mime;

/**
 * One element of an IMAP envelope address list (RFC 9051 section 7.5.2, "ENVELOPE"): a mailbox, or
 * the start or end marker of an RFC 5322 group.
 *
 * <ul>
 *   <li>mailbox: {@code name} (display name, decoded from RFC 2047 encoded words; may be null),
 *       {@code route} (obsolete source route, usually null), {@code mailbox} (local part),
 *       {@code host} (domain)</li>
 *   <li>group start: {@code mailbox} holds the group name, {@code host} is null</li>
 *   <li>group end: every field null</li>
 * </ul>
 */
public record Address(String name, String route, String mailbox, String host) {

    /** The marker that starts group {@code groupName}. */
    public static Address groupStart(String groupName) {
        return new Address(null, null, groupName, null);
    }

    /** The marker that ends a group. */
    public static Address groupEnd() {
        return new Address(null, null, null, null);
    }

    /** True for a group start or end marker. */
    public boolean isGroupMarker() {
        return host == null;
    }

    /** {@code mailbox@host}, or null for a group marker. */
    public String addrSpec() {
        return isGroupMarker() ? null : mailbox + "@" + host;
    }
}
