/**
 * The maildrop lock of RFC 1939 section 8 across all nodes: one lease document per maildrop in
 * MongoDB, with an expiry that a live session keeps renewing. A node that crashes leaves a lease
 * that simply expires. Kept with single-document atomic updates only (no transactions).
 */
package org.mailplatform.pop3.lease;
