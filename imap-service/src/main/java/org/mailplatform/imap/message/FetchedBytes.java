package org.mailplatform.imap.message;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import org.mailplatform.model.Principal;
import org.mailplatform.store.MailboxStore;
import org.mailplatform.store.MessageContent;
import org.mailplatform.store.MessageMeta;

/**
 * Where one FETCH reads messages' bytes. A FETCH of body sections of many messages (a client syncing
 * new mail for offline use) asks the store's caches of small messages for a chunk of them in one
 * query ({@link MailboxStore#cachedContents}, ADR 0211) before writing them, instead of one read per
 * message; what the caches lack is opened one message at a time, as a single message always is. The
 * messages come from a read scoped to the session's principal, which is what lets their bytes be
 * taken without another ownership check. Holds at most one chunk of small messages.
 */
final class FetchedBytes {

    /** Messages asked of the caches together. */
    static final int CHUNK = 64;

    private final MailboxStore store;
    private final Principal principal;
    private Map<Long, byte[]> whole = Map.of();

    FetchedBytes(MailboxStore store, Principal principal) {
        this.store = store;
        this.principal = principal;
    }

    /** Asks the caches for the whole bytes of {@code next} (the principal's own), replacing the last chunk. */
    void prefetch(List<MessageMeta> next) {
        whole = Map.of();
        whole = store.cachedContents(next.stream()
                .map(m -> new MessageContent(m, () -> store.openContent(principal, m, 0, m.size()))).toList());
    }

    /** {@code length} bytes at {@code offset} of {@code m}, from the chunk asked for, else from the store. */
    InputStream open(MessageMeta m, long offset, long length) {
        byte[] bytes = whole.get(m.uid());
        if (bytes == null || bytes.length != m.size()) {
            return store.openContent(principal, m, offset, length);
        }
        int from = (int) Math.min(Math.max(0, offset), bytes.length);
        return new ByteArrayInputStream(bytes, from, (int) Math.min(Math.max(0, length), bytes.length - from));
    }
}
