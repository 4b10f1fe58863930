/**
 * The POP3 maildrop over libs/mailbox-store: the user's INBOX snapshotted at login (RFC 1939
 * section 8: numbering is stable for the session), message content as a stream, and the deletions
 * of the UPDATE state, either expunged at once or moved to Trash for a retention period.
 */
package org.mailplatform.pop3.maildrop;
