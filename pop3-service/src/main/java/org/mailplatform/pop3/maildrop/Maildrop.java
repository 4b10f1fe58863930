package org.mailplatform.pop3.maildrop;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * A session's view of the maildrop: the messages present at login, numbered from 1, and the
 * deletion marks (RFC 1939 section 5). Marks only live here; nothing changes in the store before
 * the UPDATE state. Used on the session's event loop only.
 */
public final class Maildrop {

    private final long uidValidity;
    private final List<MaildropMessage> messages;
    private final BitSet deleted = new BitSet();
    private final BitSet retrieved = new BitSet();

    public Maildrop(long uidValidity, List<MaildropMessage> messages) {
        this.uidValidity = uidValidity;
        this.messages = List.copyOf(messages);
    }

    public long uidValidity() {
        return uidValidity;
    }

    /** The message with this number unless it does not exist or is marked deleted. */
    public Optional<MaildropMessage> get(int number) {
        if (number < 1 || number > messages.size() || deleted.get(number)) {
            return Optional.empty();
        }
        return Optional.of(messages.get(number - 1));
    }

    /** Whether the number names a message of the snapshot that is marked deleted. */
    public boolean isDeleted(int number) {
        return deleted.get(number);
    }

    /** The messages not marked deleted, in number order. */
    public List<MaildropMessage> live() {
        List<MaildropMessage> live = new ArrayList<>(messages.size());
        for (MaildropMessage m : messages) {
            if (!deleted.get(m.number())) {
                live.add(m);
            }
        }
        return live;
    }

    public int liveCount() {
        return messages.size() - deleted.cardinality();
    }

    public long liveSize() {
        long size = 0;
        for (MaildropMessage m : messages) {
            if (!deleted.get(m.number())) {
                size += m.size();
            }
        }
        return size;
    }

    /** Marks a message; {@code false} if it does not exist or was marked already. */
    public boolean markDeleted(int number) {
        if (get(number).isEmpty()) {
            return false;
        }
        deleted.set(number);
        return true;
    }

    /** RSET: unmarks every message. */
    public void unmarkAll() {
        deleted.clear();
    }

    public void markRetrieved(int number) {
        retrieved.set(number);
    }

    /** The messages the UPDATE state removes: those marked deleted, plus the retrieved ones if asked. */
    public List<MaildropMessage> toRemove(boolean includeRetrieved) {
        List<MaildropMessage> out = new ArrayList<>();
        for (MaildropMessage m : messages) {
            if (deleted.get(m.number()) || (includeRetrieved && retrieved.get(m.number()))) {
                out.add(m);
            }
        }
        return out;
    }
}
