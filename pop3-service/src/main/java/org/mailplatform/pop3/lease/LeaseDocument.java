package org.mailplatform.pop3.lease;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One maildrop's lease. It outlives its sessions: {@code owner} is null while nobody holds it, and
 * {@code lastLogin} stays for the LOGIN-DELAY policy (RFC 2449 section 6.5).
 */
@Document(MaildropLeases.COLLECTION)
record LeaseDocument(@Id String id, String owner, Instant expiresAt, Instant lastLogin) {
}
