package org.mailplatform.store.mongo;

import java.time.Instant;
import java.util.List;

import org.mailplatform.mime.MessageSummary;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A message in a mailbox, in collection {@code messages}. An expunged message stays as a document
 * with {@code expunged = true} and its expunge MODSEQ, so QRESYNC can report it as VANISHED; it no
 * longer refers to its blob for garbage collection. A {@code tombstone} holds a UID that an appender
 * allocated but never used, so a late insert with that UID fails (see {@link VisibilityGate}).
 *
 * @param inboundId the append's idempotency key, or a unique random value when there is none
 * @param search    lower-case decoded address and subject text for SEARCH
 */
@Document(MessageDocument.COLLECTION)
record MessageDocument(@Id String id, String tenantId, String userId, String mailboxId, long uid, long modSeq,
                       List<String> flags, Instant internalDate, long size, String blobKey, MessageSummary summary,
                       SearchFields search, String inboundId, boolean expunged, boolean tombstone, Instant savedAt) {

    static final String COLLECTION = "messages";

    /** Lower-case, RFC 2047-decoded text of the envelope, for substring search. */
    record SearchFields(String from, String to, String cc, String bcc, String subject) {
    }
}
