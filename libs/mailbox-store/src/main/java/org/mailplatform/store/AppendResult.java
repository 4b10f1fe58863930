package org.mailplatform.store;

/**
 * The stored message (IMAP APPENDUID, RFC 4315).
 *
 * @param duplicate true if the idempotency key was already stored and nothing new was stored
 */
public record AppendResult(String mailboxId, long uidValidity, long uid, long modSeq, long size, boolean duplicate) {
}
