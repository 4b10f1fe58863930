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
 */
@Document(MailboxDocument.COLLECTION)
record MailboxDocument(@Id String id, String tenantId, String userId, String name, SpecialUse specialUse,
                       long uidValidity, long uidNext, long visibleUidNext, long highestModSeq, boolean subscribed,
                       long messages, long size, Instant createdAt) {

    static final String COLLECTION = "mailboxes";

    MailboxInfo toInfo() {
        return new MailboxInfo(id, name, specialUse, uidValidity, visibleUidNext, highestModSeq, subscribed,
                messages, size);
    }
}
