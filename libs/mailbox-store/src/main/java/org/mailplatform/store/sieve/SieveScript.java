package org.mailplatform.store.sieve;

import java.time.Instant;

/**
 * One of a user's Sieve scripts (RFC 5228), as ManageSieve (RFC 5804) manages them: several per
 * user, by name, at most one active.
 *
 * @param name      the script's name (1-128 characters, no controls, no {@code /})
 * @param content   the script, UTF-8
 * @param active    whether it filters the user's incoming mail
 * @param updatedAt when it was last stored
 */
public record SieveScript(String name, String content, boolean active, Instant updatedAt) {
}
