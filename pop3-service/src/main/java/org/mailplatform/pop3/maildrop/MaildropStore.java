package org.mailplatform.pop3.maildrop;

import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.mailplatform.model.Principal;
import org.mailplatform.store.MailboxInfo;
import org.mailplatform.store.MailboxName;
import org.mailplatform.store.MailboxStore;
import org.mailplatform.store.MessageContent;
import org.mailplatform.store.MessageRange;
import org.mailplatform.store.SpecialUse;
import org.mailplatform.store.UidSet;

/**
 * The maildrop operations of a POP3 session, all through {@link MailboxStore} (so IMAP sessions
 * see POP3 deletions through the store's {@code mailbox.changes} events). Every method blocks: call
 * it off the event loop.
 */
public final class MaildropStore {

    private final MailboxStore store;
    private final DeletedRetention retention;

    /** @param retention where POP3-deleted messages wait in Trash; {@code null} to expunge at once */
    public MaildropStore(MailboxStore store, DeletedRetention retention) {
        this.store = store;
        this.retention = retention;
    }

    /**
     * Snapshots the INBOX (creating the default mailboxes of a user who has none yet): one query for
     * the metadata of every message, whose openers then read the bytes without another query.
     */
    public Maildrop open(Principal principal) {
        MailboxInfo inbox = store.find(principal, MailboxName.INBOX).orElseGet(() -> {
            store.ensureDefaultMailboxes(principal);
            return store.find(principal, MailboxName.INBOX).orElseThrow();
        });
        List<MessageContent> contents = store.fetchContents(principal, MailboxName.INBOX, MessageRange.all());
        List<MaildropMessage> messages = new ArrayList<>(contents.size());
        for (MessageContent content : contents) {
            messages.add(new MaildropMessage(messages.size() + 1, uniqueId(inbox.uidValidity(), content.meta().uid()), content));
        }
        return new Maildrop(inbox.uidValidity(), messages);
    }

    /** The UIDL value of a message: UIDVALIDITY and UID, both decimal (at most 41 characters). */
    public static String uniqueId(long uidValidity, long uid) {
        return uidValidity + "." + uid;
    }

    /** The raw message, as stored (one object-store read; the snapshot already proved ownership). */
    public InputStream content(MaildropMessage message) {
        return message.content().open();
    }

    /**
     * The whole bytes of those of {@code messages} (of the principal's INBOX) the store's caches of
     * small messages hold, read together (one query), keyed by UID; the others are read with
     * {@link #content}.
     */
    public Map<Long, byte[]> cached(Principal principal, List<MaildropMessage> messages) {
        return store.cachedContents(principal, MailboxName.INBOX,
                MessageRange.uids(UidSet.of(messages.stream().mapToLong(MaildropMessage::uid).toArray())));
    }


    /**
     * The UPDATE state: removes the messages from the INBOX, either expunging them or moving them to
     * Trash for the retention period. Messages already gone (deleted by IMAP meanwhile) are fine.
     *
     * @return how many messages left the INBOX
     */
    public int remove(Principal principal, List<MaildropMessage> messages) {
        if (messages.isEmpty()) {
            return 0;
        }
        UidSet uids = UidSet.of(messages.stream().mapToLong(MaildropMessage::uid).toArray());
        if (retention == null) {
            return store.remove(principal, MailboxName.INBOX, MessageRange.uids(uids)).size();
        }
        String trash = trashOf(principal);
        var moved = store.move(principal, MailboxName.INBOX, MessageRange.uids(uids), trash);
        retention.remember(principal, trash, moved.targetUids());
        return moved.sourceUids().size();
    }

    private String trashOf(Principal principal) {
        return store.ensureDefaultMailboxes(principal).stream()
                .filter(m -> m.specialUse() == SpecialUse.TRASH).map(MailboxInfo::name).findFirst()
                .orElse(SpecialUse.TRASH.defaultName());
    }

    /** How long deleted messages stay in Trash; {@code null} when they are expunged at once. */
    public Duration retentionPeriod() {
        return retention == null ? null : retention.period();
    }
}
