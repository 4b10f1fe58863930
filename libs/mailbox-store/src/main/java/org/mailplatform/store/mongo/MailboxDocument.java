package org.mailplatform.store.mongo;

import java.time.Instant;

import org.mailplatform.store.MailboxInfo;
import org.mailplatform.store.SpecialUse;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A mailbox in collection {@code mailboxes}. {@code uidNext} and {@code highestModSeq} are allocated
 * by one atomic {@code $inc}; {@code visibleUidNext} is the visibility watermark: only messages with a
 * smaller UID are shown, and it only moves forward over UIDs whose documents exist (see
 * {@link VisibilityGate}). {@code messages} and {@code size} count the visible messages.
 * {@code writesBegun} and {@code writesEnded} bracket the changes that rewrite message documents
 * (flags, expunge), so a node can tell whether its copy of the rows is current ({@link MailboxViews});
 * {@code writesBegunAt} is when the last one began. {@code settledModSeq} is the HIGHESTMODSEQ
 * reported to clients: a MODSEQ seen with no change in flight, so every change up to it is written
 * ({@link MailboxCatalog#settled}). Expunges up to {@code forgottenModSeq} may have been purged
 * ({@link ExpungePurge}): changes since an older MODSEQ cannot list every UID that vanished.
 */
@Document(MailboxDocument.COLLECTION)
record MailboxDocument(@Id String id, String tenantId, String userId, String name, SpecialUse specialUse,
                       long uidValidity, long uidNext, long visibleUidNext, long highestModSeq, boolean subscribed,
                       long messages, long size, Instant createdAt, Long writesBegun, Long writesEnded,
                       Instant writesBegunAt, Long settledModSeq, Long forgottenModSeq) {

    static final String COLLECTION = "mailboxes";

    MailboxDocument {
        // documents written before the counters existed have neither: no change in flight
        writesBegun = writesBegun == null ? 0L : writesBegun;
        writesEnded = writesEnded == null ? 0L : writesEnded;
        // before ADR 0206 nothing was settled: the first read with no change in flight settles it
        settledModSeq = settledModSeq == null ? 0L : settledModSeq;
        forgottenModSeq = forgottenModSeq == null ? 0L : forgottenModSeq;
    }

    /** No change that rewrites message documents has begun without ending. */
    boolean noChangeInFlight() {
        return writesBegun.equals(writesEnded);
    }

    MailboxDocument withSettledModSeq(long modSeq) {
        return new MailboxDocument(id, tenantId, userId, name, specialUse, uidValidity, uidNext, visibleUidNext,
                highestModSeq, subscribed, messages, size, createdAt, writesBegun, writesEnded, writesBegunAt, modSeq,
                forgottenModSeq);
    }

    /**
     * Decodes a raw document of this collection. The hot read (every store call resolves its
     * mailbox) skips the object mapper, which cost more than the indexed lookup itself.
     */
    static MailboxDocument of(org.bson.Document d) {
        String use = d.getString("specialUse");
        java.util.Date created = d.getDate("createdAt");
        java.util.Date begunAt = d.getDate("writesBegunAt");
        return new MailboxDocument(String.valueOf(d.get("_id")), d.getString("tenantId"), d.getString("userId"),
                d.getString("name"), use == null ? null : SpecialUse.valueOf(use), number(d, "uidValidity"),
                number(d, "uidNext"), number(d, "visibleUidNext"), number(d, "highestModSeq"),
                Boolean.TRUE.equals(d.getBoolean("subscribed")), number(d, "messages"), number(d, "size"),
                created == null ? null : created.toInstant(), number(d, "writesBegun"), number(d, "writesEnded"),
                begunAt == null ? null : begunAt.toInstant(), number(d, "settledModSeq"), number(d, "forgottenModSeq"));
    }

    private static long number(org.bson.Document d, String field) {
        return d.get(field) instanceof Number n ? n.longValue() : 0;
    }

    /** What clients are told; HIGHESTMODSEQ is the settled one (pass the document through {@link MailboxCatalog#settled}). */
    MailboxInfo toInfo() {
        return new MailboxInfo(id, name, specialUse, uidValidity, visibleUidNext, settledModSeq, subscribed,
                messages, size);
    }
}
