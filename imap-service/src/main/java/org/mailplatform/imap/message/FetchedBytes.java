package org.mailplatform.imap.message;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import org.mailplatform.model.Principal;
import org.mailplatform.store.MailboxStore;
import org.mailplatform.store.MessageMeta;
import org.mailplatform.store.MessageRange;
import org.mailplatform.store.UidSet;

/**
 * Where one FETCH reads messages' bytes. A FETCH of body sections of many messages (a client syncing
 * new mail for offline use) asks the store's caches of small messages for a chunk of them in one
 * query ({@link MailboxStore#cachedContents}, ADR 0211, scoped to the session's principal and
 * mailbox like every store call) before writing them, instead of one read per message; what the
 * caches lack is opened one message at a time, as a single message always is. Holds at most one
 * chunk of small messages.
 */
final class FetchedBytes {

    /** Messages asked of the caches together. */
    static final int CHUNK = 64;

    private final MailboxStore store;
    private final Principal principal;
    private final String mailbox;
    private Map<Long, byte[]> whole = Map.of();

    FetchedBytes(MailboxStore store, Principal principal, String mailbox) {
        this.store = store;
        this.principal = principal;
        this.mailbox = mailbox;
    }

    /** Asks the caches for the whole bytes of {@code next} (of the mailbox), replacing the last chunk. */
    void prefetch(List<MessageMeta> next) {
        whole = Map.of();
        whole = store.cachedContents(principal, mailbox,
                MessageRange.uids(UidSet.of(next.stream().mapToLong(MessageMeta::uid).toArray())));
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
