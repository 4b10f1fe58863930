package org.mailplatform.store;

import java.io.InputStream;
import java.time.Instant;
import java.util.Set;

/**
 * A message to append: either its bytes ({@code content}, written to a blob of the store's own) or
 * a {@link BlobReference} to bytes already stored.
 *
 * @param content        the raw message (read once, not closed); null when appended by reference
 * @param flags          initial flags ({@code \Seen}, keywords)
 * @param internalDate   INTERNALDATE; null for now
 * @param idempotencyKey e.g. the inbound id + recipient at delivery; an append whose key this user
 *                       already stored returns the stored message. Null for none.
 * @param reference      the stored bytes to append by reference, or null when {@code content} is given
 */
public record AppendRequest(InputStream content, Set<String> flags, Instant internalDate, String idempotencyKey,
                            BlobReference reference) {

    public AppendRequest {
        flags = flags == null ? Set.of() : Set.copyOf(flags);
        if ((content == null) == (reference == null)) {
            throw new IllegalArgumentException("an append has either content or a blob reference");
        }
    }

    public AppendRequest(InputStream content, Set<String> flags, Instant internalDate, String idempotencyKey) {
        this(content, flags, internalDate, idempotencyKey, null);
    }

    public static AppendRequest of(InputStream content) {
        return new AppendRequest(content, Set.of(), null, null);
    }

    /** An append of bytes already in the object store, which the store reads once to parse them. */
    public static AppendRequest byReference(BlobReference reference, Set<String> flags, Instant internalDate,
                                            String idempotencyKey) {
        return new AppendRequest(null, flags, internalDate, idempotencyKey, reference);
    }
}
