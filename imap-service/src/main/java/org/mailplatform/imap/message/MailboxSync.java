package org.mailplatform.imap.message;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.mailplatform.imap.codec.FlagList;
import org.mailplatform.imap.codec.ImapResponse;
import org.mailplatform.imap.codec.ImapWriter;
import org.mailplatform.imap.codec.SequenceSet;
import org.mailplatform.imap.session.MailboxUpdates;
import org.mailplatform.imap.session.SelectedMailbox;
import org.mailplatform.imap.session.SessionData;
import org.mailplatform.model.Principal;
import org.mailplatform.store.Changes;
import org.mailplatform.store.MailboxStore;
import org.mailplatform.store.MessageMeta;

/**
 * Brings a session's view of its selected mailbox up to date with the store (RFC 9051 section 7.4:
 * EXPUNGE, EXISTS and FETCH FLAGS for changes made by this or any other session, on any node; with
 * QRESYNC, VANISHED instead of EXPUNGE and MODSEQ in every FETCH, RFC 7162 sections 3.1.4 and 3.2.10).
 *
 * <p>New and expunged messages are found by comparing the store's UID list with the session's, not
 * by MODSEQ: a MODSEQ is allocated before its change is written (ADR 0201), so a change can become
 * visible after a higher MODSEQ was read, and the UID list never misses one. Expunges are reported
 * highest sequence number first so that every number is right when the client reads it.
 */
public final class MailboxSync implements MailboxUpdates {

    private final MailboxStore store;

    public MailboxSync(MailboxStore store) {
        this.store = store;
    }

    @Override
    public Update update(SessionData session, SelectedMailbox selected, boolean expungesAllowed) {
        Principal principal = session.principal();
        boolean utf8 = session.utf8();
        List<ImapResponse> out = new ArrayList<>();
        List<Long> current = store.uids(principal, selected.name());
        Set<Long> present = new HashSet<>(current);
        List<Long> known = new ArrayList<>(selected.uids());
        List<Long> gone = known.stream().filter(u -> !present.contains(u)).toList();
        boolean withheld = !gone.isEmpty() && !expungesAllowed;
        if (!gone.isEmpty() && expungesAllowed) {
            if (session.qresync()) {
                gone.forEach(selected::expunged);
                out.add(new ImapWriter(utf8).atom("VANISHED").atom(SequenceSet.format(gone)).toResponse());
            } else {
                for (int i = gone.size() - 1; i >= 0; i--) {
                    out.add(new ImapWriter(utf8).number(selected.expunged(gone.get(i))).atom("EXPUNGE").toResponse());
                }
            }
        }
        long lastKnown = known.isEmpty() ? 0 : known.getLast();
        Changes changes = store.changesSince(principal, selected.name(), selected.modSeqSeen());
        for (MessageMeta m : changes.changed()) {
            int seq = selected.seqOf(m.uid());
            if (seq > 0 && m.uid() <= lastKnown && !selected.alreadyReported(m.uid(), m.modSeq())) {
                ImapWriter w = new ImapWriter(utf8).number(seq).atom("FETCH").open().atom("UID").number(m.uid())
                        .atom("FLAGS").atom(FlagList.format(m.flags()));
                if (session.condstore()) {
                    w.atom("MODSEQ").open().number(m.modSeq()).close();
                }
                out.add(w.close().toResponse());
            }
        }
        List<Long> added = current.stream().filter(u -> u > lastKnown).toList();
        if (!added.isEmpty()) {
            selected.appended(added);
            out.add(new ImapWriter(utf8).number(selected.exists()).atom("EXISTS").toResponse());
        }
        selected.modSeqSeen(changes.highestModSeq());
        selected.forgetReported();
        return new Update(out, withheld);
    }
}
