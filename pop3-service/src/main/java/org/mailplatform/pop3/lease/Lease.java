package org.mailplatform.pop3.lease;

/**
 * A maildrop lock held by one session.
 *
 * @param maildrop the lease document's id ({@code tenant/user})
 * @param owner    the holder's unique id (node and session)
 */
public record Lease(String maildrop, String owner) {
}
