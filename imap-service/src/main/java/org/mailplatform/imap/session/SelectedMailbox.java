package org.mailplatform.imap.session;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.mailplatform.imap.codec.ImapSyntaxException;
import org.mailplatform.imap.codec.SequenceSet;
import org.mailplatform.store.UidSet;

/**
 * The mailbox a session has selected, as the client knows it (RFC 9051 section 2.3.1.2): the
 * message sequence numbers are positions in {@link #uids()}, which changes only when the client is
 * told (EXISTS, EXPUNGE), never behind its back.
 */
public final class SelectedMailbox {

    private final String name;
    private final String id;
    private final long uidValidity;
    private final boolean readOnly;
    private final UidList uids;
    private long modSeqSeen;
    private List<Long> savedSearch = List.of();
    /** Flag changes this session made and already showed its client, by UID: not to be echoed back. */
    private final java.util.Map<Long, Long> reported = new java.util.HashMap<>();

    public SelectedMailbox(String name, String id, long uidValidity, boolean readOnly, List<Long> uids, long modSeq) {
        this.name = name;
        this.id = id;
        this.uidValidity = uidValidity;
        this.readOnly = readOnly;
        this.uids = new UidList(uids);
        this.modSeqSeen = modSeq;
    }

    public String name() {
        return name;
    }

    public String id() {
        return id;
    }

    public long uidValidity() {
        return uidValidity;
    }

    public boolean readOnly() {
        return readOnly;
    }

    /** UIDs in sequence-number order (ascending). */
    public List<Long> uids() {
        return Collections.unmodifiableList(uids);
    }

    public int exists() {
        return uids.size();
    }

    /** How many messages have a UID above {@code uid}. */
    public int countAbove(long uid) {
        return uids.countAbove(uid);
    }

    /** The message sequence number of {@code uid}, or -1. */
    public int seqOf(long uid) {
        int i = uids.indexOfUid(uid);
        return i < 0 ? -1 : i + 1;
    }

    /** Removes an expunged message and returns the sequence number it had. */
    public int expunged(long uid) {
        int i = uids.indexOfUid(uid);
        if (i < 0) {
            return -1;
        }
        uids.remove(i);
        return i + 1;
    }

    /** Adds messages the client is about to be told of with EXISTS. */
    public void appended(List<Long> newUids) {
        for (long u : newUids) {
            uids.add(u);
        }
    }

    public long modSeqSeen() {
        return modSeqSeen;
    }

    public void modSeqSeen(long modSeq) {
        this.modSeqSeen = Math.max(modSeqSeen, modSeq);
    }

    /** This session showed the client {@code uid}'s flags as of {@code modSeq} (its own STORE or FETCH). */
    public void reported(long uid, long modSeq) {
        reported.merge(uid, modSeq, Math::max);
    }

    /** Whether a change of {@code uid} at {@code modSeq} is one the client has already been shown. */
    public boolean alreadyReported(long uid, long modSeq) {
        Long seen = reported.get(uid);
        return seen != null && seen >= modSeq;
    }

    /**
     * After an update: forgets the changes at or below {@link #modSeqSeen()}, which no later update can
     * return. Later ones are kept, because the store tells a settled HIGHESTMODSEQ that may still be
     * below this session's own last change (ADR 0206); the next update must not echo it.
     */
    public void forgetReported() {
        reported.values().removeIf(modSeq -> modSeq <= modSeqSeen);
    }

    /** The UIDs of the last SEARCH with RETURN (SAVE) (RFC 5182). */
    public void saveSearch(List<Long> result) {
        savedSearch = List.copyOf(result);
    }

    /**
     * The existing messages a set addresses, as ascending UIDs. Sequence numbers beyond the
     * mailbox are an error (RFC 9051 section 9: seq-number); UIDs that do not exist are ignored.
     */
    public List<Long> resolve(SequenceSet set, boolean byUid) {
        if (set.saved()) {
            return savedSearch.stream().filter(u -> seqOf(u) > 0).toList();
        }
        List<Long> out = new ArrayList<>();
        if (byUid) {
            long largest = uids.isEmpty() ? 0 : uids.last();
            for (long u : uids) {
                if (set.contains(u, largest)) {
                    out.add(u);
                }
            }
            return out;
        }
        for (SequenceSet.Range r : set.ranges()) {
            if ((r.from() != SequenceSet.STAR && r.from() > uids.size())
                    || (r.to() != SequenceSet.STAR && r.to() > uids.size())) {
                throw new ImapSyntaxException("message sequence number out of range (" + uids.size() + " messages)");
            }
        }
        for (int i = 0; i < uids.size(); i++) {
            if (set.contains(i + 1, uids.size())) {
                out.add(uids.uidAt(i));
            }
        }
        return out;
    }

    /** Ascending UIDs as the store's {@link UidSet}, in compact ranges. */
    public static UidSet toUidSet(List<Long> sortedUids) {
        List<UidSet.Range> ranges = new ArrayList<>();
        int i = 0;
        while (i < sortedUids.size()) {
            long start = sortedUids.get(i);
            long end = start;
            while (i + 1 < sortedUids.size() && sortedUids.get(i + 1) == end + 1) {
                end = sortedUids.get(++i);
            }
            ranges.add(new UidSet.Range(start, end));
            i++;
        }
        return new UidSet(ranges);
    }
}
