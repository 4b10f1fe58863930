package org.mailplatform.store.mongo;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;

import org.mailplatform.blob.BlobKey;
import org.mailplatform.blob.BlobStore;
import org.mailplatform.mime.Address;
import org.mailplatform.mime.EncodedWords;
import org.mailplatform.mime.Envelope;
import org.mailplatform.mime.MessageParser;
import org.mailplatform.mime.MessageSummary;
import org.mailplatform.model.Principal;
import org.mailplatform.store.AppendRequest;
import org.mailplatform.store.AppendResult;
import org.mailplatform.store.Flags;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * APPEND: spool, parse once, reserve quota, write the blob, allocate a UID, insert, make visible.
 * Also inserts copies (COPY/MOVE) that share an existing blob.
 */
final class MessageAppender {

    private final MongoTemplate mongo;
    private final BlobStore blobs;
    private final MailboxCatalog catalog;
    private final VisibilityGate gate;
    private final QuotaLedger quota;
    private final MessageParser parser = new MessageParser();
    private final int spoolThreshold;
    private final long maxMessageSize;

    MessageAppender(MongoTemplate mongo, BlobStore blobs, MailboxCatalog catalog, VisibilityGate gate,
                    QuotaLedger quota, int spoolThreshold, long maxMessageSize) {
        this.mongo = mongo;
        this.blobs = blobs;
        this.catalog = catalog;
        this.gate = gate;
        this.quota = quota;
        this.spoolThreshold = spoolThreshold;
        this.maxMessageSize = maxMessageSize;
    }

    AppendResult append(Principal p, MailboxDocument mailbox, AppendRequest request) {
        String inboundId = request.idempotencyKey() == null ? "local:" + UUID.randomUUID() : request.idempotencyKey();
        if (request.idempotencyKey() != null) {
            AppendResult existing = existing(p, inboundId);
            if (existing != null) {
                return existing;
            }
        }
        List<String> flags = new ArrayList<>(Flags.canonical(request.flags()));
        Instant internalDate = request.internalDate() == null ? Instant.now() : request.internalDate();
        try (SpooledMessage spooled = SpooledMessage.read(request.content(), spoolThreshold, maxMessageSize)) {
            MessageSummary summary;
            try (InputStream in = spooled.open()) {
                summary = parser.parse(in);
            }
            quota.reserve(p, spooled.size(), 1);
            BlobKey key = BlobKey.newFor(blobPrefix(p.tenantId()), Instant.now());
            try {
                try (InputStream in = spooled.open()) {
                    blobs.put(key, in, spooled.size());
                }
                return insert(p, mailbox, inboundId, flags, internalDate, spooled.size(), key.value(), summary);
            } catch (RuntimeException | IOException e) {
                quota.release(p, spooled.size(), 1);
                deleteQuietly(key);
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private AppendResult insert(Principal p, MailboxDocument mailbox, String inboundId, List<String> flags,
                                Instant internalDate, long size, String blobKey, MessageSummary summary) {
        while (true) {
            MailboxDocument allocated = catalog.allocate(mailbox, 1);
            long uid = allocated.uidNext() - 1;
            long modSeq = allocated.highestModSeq();
            MessageDocument doc = new MessageDocument(null, p.tenantId(), p.userId(), mailbox.id(), uid, modSeq, flags,
                    internalDate, size, blobKey, summary, searchFields(summary.envelope()), inboundId, false, false,
                    Instant.now());
            try {
                mongo.insert(doc);
            } catch (DuplicateKeyException e) {
                if (mongo.exists(query(where("mailboxId").is(mailbox.id()).and("uid").is(uid)), MessageDocument.class)) {
                    continue;
                }
                // the idempotency key was stored meanwhile: give our UID up and return the stored one
                insertTombstone(allocated, uid);
                gate.publish(allocated, uid, new long[] {-1});
                quota.release(p, size, 1);
                deleteQuietly(new BlobKey(blobKey));
                AppendResult stored = existing(p, inboundId);
                if (stored != null) {
                    return stored;
                }
                throw e;
            }
            gate.publish(allocated, uid, new long[] {size});
            return new AppendResult(mailbox.id(), mailbox.uidValidity(), uid, modSeq, size, false);
        }
    }

    /**
     * Inserts copies of {@code sources} (documents of the same user) into {@code target}, sharing
     * their blobs; returns the new UIDs in source order.
     */
    List<Long> copy(Principal p, List<MessageDocument> sources, MailboxDocument target) {
        if (sources.isEmpty()) {
            return List.of();
        }
        long bytes = sources.stream().mapToLong(MessageDocument::size).sum();
        quota.reserve(p, bytes, sources.size());
        MailboxDocument allocated = catalog.allocate(target, sources.size());
        long first = allocated.uidNext() - sources.size();
        long firstModSeq = allocated.highestModSeq() - sources.size() + 1;
        long[] sizes = new long[sources.size()];
        List<Long> uids = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            MessageDocument s = sources.get(i);
            long uid = first + i;
            try {
                mongo.insert(new MessageDocument(null, p.tenantId(), p.userId(), target.id(), uid, firstModSeq + i,
                        s.flags(), s.internalDate(), s.size(), s.blobKey(), s.summary(), s.search(),
                        "copy:" + UUID.randomUUID(), false, false, Instant.now()));
                sizes[i] = s.size();
            } catch (DuplicateKeyException skippedMeanwhile) {
                sizes[i] = -1;
                quota.release(p, s.size(), 1);
                uid = -1;
            }
            uids.add(uid);
        }
        gate.publish(allocated, first, sizes);
        return uids;
    }

    private void insertTombstone(MailboxDocument m, long uid) {
        try {
            mongo.insert(new MessageDocument(null, m.tenantId(), m.userId(), m.id(), uid, 0, List.of(), null, 0, null,
                    null, null, "tombstone:" + UUID.randomUUID(), true, true, Instant.now()));
        } catch (DuplicateKeyException alreadySkipped) {
            // a waiting appender tombstoned it first
        }
    }

    private AppendResult existing(Principal p, String inboundId) {
        MessageDocument doc = mongo.findOne(query(where("inboundId").is(inboundId).and("tenantId").is(p.tenantId())
                .and("userId").is(p.userId())), MessageDocument.class);
        if (doc == null) {
            return null;
        }
        MailboxDocument m = mongo.findById(doc.mailboxId(), MailboxDocument.class);
        return new AppendResult(doc.mailboxId(), m == null ? 0 : m.uidValidity(), doc.uid(), doc.modSeq(), doc.size(),
                true);
    }

    private void deleteQuietly(BlobKey key) {
        try {
            blobs.delete(key);
        } catch (RuntimeException e) {
            // unreferenced: the garbage collector removes it later
        }
    }

    static String blobPrefix(String tenantId) {
        String safe = tenantId.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.isEmpty() || !Character.isLetterOrDigit(safe.charAt(0)) ? "t" + safe : safe;
    }

    static MessageDocument.SearchFields searchFields(Envelope e) {
        return new MessageDocument.SearchFields(text(e.from()), text(e.to()), text(e.cc()), text(e.bcc()),
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
