package org.mailplatform.store;

import java.io.InputStream;
import java.time.Instant;
import java.util.Set;

/**
 * A message to append.
 *
 * @param content        the raw message (read once, not closed)
 * @param flags          initial flags ({@code \Seen}, keywords)
 * @param internalDate   INTERNALDATE; null for now
 * @param idempotencyKey e.g. the inbound id + recipient at delivery; an append whose key this user
 *                       already stored returns the stored message. Null for none.
 */
public record AppendRequest(InputStream content, Set<String> flags, Instant internalDate, String idempotencyKey) {

    public AppendRequest {
        flags = flags == null ? Set.of() : Set.copyOf(flags);
    }

    public static AppendRequest of(InputStream content) {
        return new AppendRequest(content, Set.of(), null, null);
    }
}
