package org.mailplatform.store;

/** Which messages of a mailbox an operation addresses: by UID or by message sequence number. */
public sealed interface MessageRange {

    /** UID FETCH / UID STORE style. */
    record ByUid(UidSet uids) implements MessageRange {
    }

    /**
     * FETCH / STORE style: sequence numbers against the mailbox's current visible UIDs. An IMAP
     * session with pending expunges should translate to UIDs itself and use {@link ByUid}.
     */
    record BySequence(UidSet numbers) implements MessageRange {
    }

    static MessageRange uids(UidSet uids) {
        return new ByUid(uids);
    }

    static MessageRange uid(long uid) {
        return new ByUid(UidSet.of(uid));
    }

    static MessageRange all() {
        return new ByUid(UidSet.all());
    }
}
