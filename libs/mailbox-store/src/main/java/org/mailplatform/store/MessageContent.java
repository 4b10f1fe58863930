package org.mailplatform.store;

import java.io.InputStream;
import java.util.function.Supplier;

/**
 * A message's metadata together with a way to read its raw bytes, as handed out by
 * {@link MailboxStore#fetchContents}. The fetch that produced it was scoped to the principal, so
 * opening needs no further ownership query: a reader of many messages (a POP3 retrieve-all) pays one
 * MongoDB query for the whole snapshot instead of one per message.
 *
 * @param meta   the message's metadata at the time of the fetch
 * @param opener opens the whole message (one object-store read); throws
 *               {@link org.mailplatform.blob.BlobNotFoundException} if the bytes are gone and
 *               {@link StoreUnavailableException} if the object store cannot be reached
 */
public record MessageContent(MessageMeta meta, Supplier<InputStream> opener) {

    /** Opens the whole message, as stored. */
    public InputStream open() {
        return opener.get();
    }
}
