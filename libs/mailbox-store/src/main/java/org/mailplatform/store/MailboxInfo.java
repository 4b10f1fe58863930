package org.mailplatform.store;

/**
 * A mailbox as the store knows it.
 *
 * @param id             stable id (survives renames)
 * @param name           full name, {@code /}-delimited
 * @param specialUse     RFC 6154 attribute, or null
 * @param uidValidity    UIDVALIDITY
 * @param uidNext        the UID the next visible message will at least have
 * @param highestModSeq  HIGHESTMODSEQ (RFC 7162)
 * @param subscribed     LSUB / LIST (SUBSCRIBED)
 * @param messages       number of messages
 * @param size           total size of the messages in bytes
 */
public record MailboxInfo(String id, String name, SpecialUse specialUse, long uidValidity, long uidNext,
                          long highestModSeq, boolean subscribed, long messages, long size) {
}
