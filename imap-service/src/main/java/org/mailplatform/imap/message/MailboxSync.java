package org.mailplatform.imap.message;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.mailplatform.imap.codec.ImapResponse;
import org.mailplatform.imap.codec.ImapWriter;
import org.mailplatform.imap.session.SelectedMailbox;
import org.mailplatform.model.Principal;
import org.mailplatform.store.Changes;
import org.mailplatform.store.MailboxStore;
import org.mailplatform.store.MessageMeta;

/**
 * Brings a session's view of its selected mailbox up to date with the store (RFC 9051 section 7.4:
 * EXPUNGE, EXISTS and FETCH FLAGS for changes made by this or any other session, on any node).
 * Runs on a blocking thread while the session has no other command in flight; expunges are
 * reported in descending order so that every sequence number is right when the client reads it.
 */
public final class MailboxSync {

    private final MailboxStore store;

    public MailboxSync(MailboxStore store) {
        this.store = store;
    }

    /** The untagged responses that tell the client what changed; updates {@code selected}. */
    public List<ImapResponse> sync(Principal principal, SelectedMailbox selected, boolean utf8) {
        List<ImapResponse> out = new ArrayList<>();
        List<Long> current = store.uids(principal, selected.name());
        Set<Long> present = new HashSet<>(current);
        List<Long> known = new ArrayList<>(selected.uids());
        for (int i = known.size() - 1; i >= 0; i--) {
            long uid = known.get(i);
            if (!present.contains(uid)) {
                out.add(new ImapWriter(utf8).number(selected.expunged(uid)).atom("EXPUNGE").toResponse());
            }
        }
        long lastKnown = known.isEmpty() ? 0 : known.getLast();
        Changes changes = store.changesSince(principal, selected.name(), selected.modSeqSeen());
        for (MessageMeta m : changes.changed()) {
            int seq = selected.seqOf(m.uid());
            if (seq > 0 && m.uid() <= lastKnown) {
                out.add(new ImapWriter(utf8).number(seq).atom("FETCH").open().atom("UID").number(m.uid())
                        .atom("FLAGS").atom(FetchCommand.flagList(m.flags())).close().toResponse());
            }
        }
        List<Long> added = current.stream().filter(u -> u > lastKnown).toList();
        if (!added.isEmpty()) {
            selected.appended(added);
            out.add(new ImapWriter(utf8).number(selected.exists()).atom("EXISTS").toResponse());
        }
        selected.modSeqSeen(changes.highestModSeq());
        return out;
    }
}
