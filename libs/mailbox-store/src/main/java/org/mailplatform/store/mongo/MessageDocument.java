package org.mailplatform.store.mongo;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;

import org.mailplatform.mime.Address;
import org.mailplatform.mime.EncodedWords;
import org.mailplatform.mime.Envelope;
import org.mailplatform.mime.MessageSummary;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A message in a mailbox, in collection {@code messages}. An expunged message stays as a document
 * with {@code expunged = true} and its expunge MODSEQ, so QRESYNC can report it as VANISHED; it no
 * longer refers to its blob for garbage collection. A {@code tombstone} holds a UID that an appender
 * allocated but never used, so a late insert with that UID fails (see {@link VisibilityGate}).
 *
 * @param inboundId  the append's idempotency key, or a unique random value when there is none
 * @param search     lower-case decoded address and subject text for SEARCH
 * @param prefix     bytes the message has before its blob's (appended by reference); null for none
 * @param contentKey names the message's bytes when it has a prefix (see
 *                   {@link org.mailplatform.store.MessageMeta#contentKey}); null: the blob key
 */
@Document(MessageDocument.COLLECTION)
record MessageDocument(@Id String id, String tenantId, String userId, String mailboxId, long uid, long modSeq,
                       List<String> flags, Instant internalDate, long size, String blobKey, MessageSummary summary,
                       SearchFields search, String inboundId, boolean expunged, boolean tombstone, Instant savedAt,
                       byte[] prefix, String contentKey) {

    static final String COLLECTION = "messages";

    /**
     * A tombstone for {@code uid} of {@code m}: a UID given up (by an appender whose key was stored
     * meanwhile, or by a waiter past the order timeout), so a late insert with that UID fails.
     */
    static MessageDocument tombstone(MailboxDocument m, long uid) {
        return new MessageDocument(null, m.tenantId(), m.userId(), m.id(), uid, 0, List.of(), null, 0, null, null, null,
                "tombstone:" + UUID.randomUUID(), true, true, Instant.now(), null, null);
    }

    /** Lower-case, RFC 2047-decoded text of the envelope, for substring search. */
    record SearchFields(String from, String to, String cc, String bcc, String subject) {

        static SearchFields of(Envelope e) {
            return new SearchFields(text(e.from()), text(e.to()), text(e.cc()), text(e.bcc()),
                    e.subject() == null ? null : EncodedWords.decode(e.subject()).toLowerCase(Locale.ROOT));
        }

        private static String text(List<Address> addresses) {
            if (addresses.isEmpty()) {
                return null;
            }
            return addresses.stream().filter(a -> !a.isGroupMarker())
                    .map(a -> (a.name() == null ? "" : a.name() + " ") + "<" + a.addrSpec() + ">")
                    .collect(Collectors.joining(", ")).toLowerCase(Locale.ROOT);
        }
    }
}
