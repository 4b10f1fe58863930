package org.mailplatform.store.mongo;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.mailplatform.blob.BlobKey;
import org.mailplatform.blob.BlobStore;
import org.mailplatform.mime.MessageParser;
import org.mailplatform.mime.MessageSummary;
import org.mailplatform.model.Principal;
import org.mailplatform.store.AppendOutcome;
import org.mailplatform.store.AppendRequest;
import org.mailplatform.store.AppendResult;
import org.mailplatform.store.BlobReference;
import org.mailplatform.store.Flags;
import org.mailplatform.store.MessageTooLargeException;
import org.mailplatform.store.OverQuotaException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * APPEND: spool, parse once, write the blob, then, batched with the concurrent appends to the same
 * mailbox ({@link AppendLanes}): reserve quota, allocate UIDs, insert, make visible. Copies (COPY/MOVE),
 * which share an existing blob, are {@link MessageCopier}'s.
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
    private final AppendLanes lanes;
    private final AddedListener listener;
    private final io.micrometer.core.instrument.DistributionSummary batchSizes;
    private final MessageBytes.BlobReads cachedReads;

    /** @param cachedReads reads of blobs through the node's body cache, for appends by reference */
    MessageAppender(MongoTemplate mongo, BlobStore blobs, MessageBytes.BlobReads cachedReads, MailboxCatalog catalog,
                    VisibilityGate gate, QuotaLedger quota, int spoolThreshold, long maxMessageSize, int maxAppendBatch,
                    io.micrometer.core.instrument.MeterRegistry meters, AddedListener listener) {
        this.mongo = mongo;
        this.blobs = blobs;
        this.cachedReads = cachedReads;
        this.catalog = catalog;
        this.gate = gate;
        this.quota = quota;
        this.spoolThreshold = spoolThreshold;
        this.maxMessageSize = maxMessageSize;
        this.lanes = new AppendLanes(maxAppendBatch);
        this.listener = listener;
        this.batchSizes = io.micrometer.core.instrument.DistributionSummary.builder("mail.store.append.batch")
                .description("appends written together by one batch (quota, UIDs, insert, watermark)")
                .register(meters);
    }

    AppendResult append(Principal p, MailboxDocument mailbox, AppendRequest request) {
        Pending pending = store(p, mailbox, request);
        try {
            return lanes.submit(mailbox.id(), pending, this::commit);
        } catch (RuntimeException e) {
            deleteUnlessInsertSent(pending);
            throw e;
        }
    }

    /**
     * Appends {@code requests} in their order: each is spooled, parsed and written to S3 on its
     * own, then up to a batch of them are stored together (one quota update, one UID allocation, one
     * insert, one watermark move, one change event). A message refused alone (over quota, too
     * large) does not stop the others; any other failure ends the call there, so a later message is
     * never stored before an earlier one that failed: the outcomes then stop with that failure.
     */
    List<AppendOutcome> appendAll(Principal p, MailboxDocument mailbox, List<AppendRequest> requests) {
        List<AppendOutcome> outcomes = new ArrayList<>();
        int i = 0;
        while (i < requests.size()) {
            List<Pending> chunk = new ArrayList<>();
            List<AppendOutcome> refusedBefore = new ArrayList<>();
            RuntimeException stop = null;
            // outcomes of the chunk in request order: refusals before the stored messages they came before
            List<Integer> order = new ArrayList<>();
            while (i < requests.size() && chunk.size() < lanes.maxBatch()) {
                try {
                    chunk.add(store(p, mailbox, requests.get(i)));
                    order.add(chunk.size() - 1);
                } catch (MessageTooLargeException tooLarge) {
                    refusedBefore.add(AppendOutcome.failed(tooLarge));
                    order.add(-refusedBefore.size());
                } catch (RuntimeException e) {
                    stop = e;
                    i++;
                    break;
                }
                i++;
            }
            List<CompletableFuture<AppendResult>> results = chunk.isEmpty() ? List.of()
                    : lanes.submitAll(mailbox.id(), chunk, this::commit);
            boolean failed = false;
            for (int slot : order) {
                if (slot < 0) {
                    outcomes.add(refusedBefore.get(-slot - 1));
                    continue;
                }
                AppendOutcome o = outcome(results.get(slot));
                if (!o.isStored()) {
                    deleteUnlessInsertSent(chunk.get(slot));
                }
                if (!failed) {
                    outcomes.add(o);
                    failed = !o.isStored() && !o.isRefusal();
                }
            }
            if (failed) {
                return outcomes;
            }
            if (stop != null) {
                outcomes.add(AppendOutcome.failed(stop));
                return outcomes;
            }
        }
        return outcomes;
    }

    private static AppendOutcome outcome(CompletableFuture<AppendResult> result) {
        try {
            return AppendOutcome.stored(AppendLanes.await(result));
        } catch (RuntimeException e) {
            return AppendOutcome.failed(e);
        }
    }

    /**
     * Spools, parses and writes the blob of one append: what its batch then stores. An append by
     * reference is read once from its blob, to be parsed, and writes nothing to the object store.
     */
    private Pending store(Principal p, MailboxDocument mailbox, AppendRequest request) {
        // a repeated key is caught at insert by the _id index (the key is part of the _id), not looked
        // up first: repeats are rare (a redelivery after a crash), a lookup for every append is not
        boolean keyed = request.idempotencyKey() != null;
        String inboundId = keyed ? request.idempotencyKey() : "local:" + UUID.randomUUID();
        String documentId = keyed ? AppendKeys.documentId(p, inboundId) : null;
        List<String> flags = new ArrayList<>(Flags.canonical(request.flags()));
        Instant internalDate = request.internalDate() == null ? Instant.now() : request.internalDate();
        if (request.reference() != null) {
            return referenced(p, mailbox, request.reference(), documentId, inboundId, flags, internalDate);
        }
        try (SpooledMessage spooled = SpooledMessage.read(request.content(), spoolThreshold, maxMessageSize)) {
            MessageSummary summary;
            try (InputStream in = spooled.open()) {
                summary = parser.parse(in);
            }
            BlobKey key = BlobKey.newFor(blobPrefix(p.tenantId()), Instant.now());
            try (InputStream in = spooled.open()) {
                blobs.put(key, in, spooled.size());
            } catch (RuntimeException | IOException e) {
                deleteQuietly(key);
                throw e;
            }
            return new Pending(p, mailbox, documentId, inboundId, flags, internalDate, spooled.size(), key.value(),
                    summary, new java.util.concurrent.atomic.AtomicBoolean(), null, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An append of {@code ref}'s prefix and blob: parsed as one message, the blob left where it is. */
    private Pending referenced(Principal p, MailboxDocument mailbox, BlobReference ref, String documentId,
                               String inboundId, List<String> flags, Instant internalDate) {
        byte[] prefix = ref.prefix();
        MessageSummary summary;
        long size;
        // with its size known, a small blob comes through the body cache: the deliveries of one queued
        // message to several users of this node read it from S3 once
        try (InputStream blob = ref.blobSize() >= 0
                ? cachedReads.open(ref.blobKey(), ref.blobSize(), 0, Long.MAX_VALUE)
                : blobs.open(new BlobKey(ref.blobKey()));
             SizeLimit in = new SizeLimit(new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(prefix), blob),
                     maxMessageSize)) {
            summary = parser.parse(in);
            in.transferTo(OutputStream.nullOutputStream());
            size = in.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Pending(p, mailbox, documentId, inboundId, flags, internalDate, size, ref.blobKey(), summary,
                new java.util.concurrent.atomic.AtomicBoolean(), prefix, contentKey(ref.blobKey(), prefix));
    }

    /**
     * The name of the bytes of a message that is {@code prefix} then blob {@code blobKey}: the blob key
     * and a digest of the prefix, so deliveries of one blob to different users (different
     * {@code Delivered-To}) are told apart, and equal bytes get equal names.
     */
    static String contentKey(String blobKey, byte[] prefix) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(prefix);
            return blobKey + "+" + java.util.HexFormat.of().formatHex(digest, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Told about the messages a batch made visible, for the change event (one per batch). */
    interface AddedListener {
        void added(MailboxDocument mailbox, List<Long> uids, long highestModSeq);
    }

    /**
     * An append whose blob is stored, waiting for its quota, UID and document.
     *
     * @param documentId the {@code _id} derived from the idempotency key, or null without one
     */
    private record Pending(Principal principal, MailboxDocument mailbox, String documentId, String inboundId,
                           List<String> flags, Instant internalDate, long size, String blobKey,
                           MessageSummary summary, java.util.concurrent.atomic.AtomicBoolean insertSent,
                           byte[] prefix, String contentKey) {

        boolean keyed() {
            return documentId != null;
        }

        /** Whether the blob was written for this append (not a reference to one its caller keeps). */
        boolean ownsBlob() {
            return prefix == null;
        }
    }

    /**
     * Deletes the blob of an append that failed, but only when its document was never sent: a failure
     * after the insert was sent (a timeout, the server gone) may come after MongoDB stored the
     * document, which then refers to the blob, and a redelivery answers with that document. Such a
     * blob, if nothing refers to it after all, is the garbage collector's after its grace period.
     */
    private void deleteUnlessInsertSent(Pending pending) {
        if (!pending.insertSent().get()) {
            deleteOwnBlob(pending);
        }
    }

    /**
     * Deletes the blob this append wrote; never a referenced one, which its caller keeps (the queued
     * message) and which other messages may share.
     */
    private void deleteOwnBlob(Pending pending) {
        if (pending.ownsBlob()) {
            deleteQuietly(new BlobKey(pending.blobKey()));
        }
    }

    /**
     * Stores a batch of appends to one mailbox (so of one user): quota for all, then UIDs for the
     * accepted ones in one allocation, their documents in one unordered insert, and one watermark move.
     * Completes every entry, with its result or its error.
     */
    private void commit(List<AppendLanes.Entry<Pending>> batch) {
        batchSizes.record(batch.size());
        Principal p = batch.get(0).work.principal();
        long[] sizes = batch.stream().mapToLong(e -> e.work.size()).toArray();
        boolean[] reserved = quota.reserveEach(p, sizes);
        List<AppendLanes.Entry<Pending>> accepted = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            if (reserved[i]) {
                accepted.add(batch.get(i));
            } else {
                try {
                    refuseOverQuota(p, batch.get(i));
                } catch (RuntimeException e) {
                    batch.get(i).result.completeExceptionally(e);
                }
            }
        }
        List<AppendLanes.Entry<Pending>> todo = accepted;
        try {
            while (!todo.isEmpty()) {
                todo = insert(p, todo);
            }
        } catch (RuntimeException e) {
            long bytes = 0;
            long count = 0;
            for (AppendLanes.Entry<Pending> entry : todo) {
                if (!entry.result.isDone()) {
                    bytes += entry.work.size();
                    count++;
                }
            }
            quota.release(p, bytes, count);
            throw e;
        }
    }

    /** Over quota, unless it repeats a stored append (then that one is the answer, as below quota). */
    private void refuseOverQuota(Principal p, AppendLanes.Entry<Pending> entry) {
        AppendResult stored = entry.work.keyed() ? existing(p, entry.work.documentId()) : null;
        if (stored == null) {
            entry.result.completeExceptionally(new OverQuotaException("quota exceeded for " + p.address()));
        } else {
            deleteOwnBlob(entry.work);
            entry.result.complete(stored);
        }
    }

    /**
     * Allocates UIDs for {@code entries}, inserts their documents and publishes them. Returns the
     * entries whose UID was skipped meanwhile by an appender that gave up waiting for it (they need
     * new UIDs); completes all others.
     */
    private List<AppendLanes.Entry<Pending>> insert(Principal p, List<AppendLanes.Entry<Pending>> entries) {
        int n = entries.size();
        MailboxDocument allocated = catalog.allocateForAppend(entries.get(0).work.mailbox(), n);
        MailboxDocument mailbox = allocated;
        long first = allocated.uidNext() - n;
        long firstModSeq = allocated.highestModSeq() - n + 1;
        List<org.bson.Document> docs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Pending w = entries.get(i).work;
            MessageDocument doc = new MessageDocument(w.documentId(), p.tenantId(), p.userId(), mailbox.id(), first + i,
                    firstModSeq + i, w.flags(), w.internalDate(), w.size(), w.blobKey(), w.summary(),
                    MessageDocument.SearchFields.of(w.summary().envelope()), w.inboundId(), false, false, Instant.now(),
                    w.prefix(), w.contentKey());
            org.bson.Document bson = new org.bson.Document();
            mongo.getConverter().write(doc, bson);
            docs.add(bson);
        }
        entries.forEach(e -> e.work.insertSent().set(true));
        java.util.Set<Integer> rejected = insertAll(docs);
        long[] sizes = new long[n];
        List<AppendLanes.Entry<Pending>> retry = new ArrayList<>();
        List<Integer> duplicates = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long uid = first + i;
            if (!rejected.contains(i)) {
                sizes[i] = entries.get(i).work.size();
            } else if (mongo.exists(query(where("mailboxId").is(mailbox.id()).and("uid").is(uid)),
                    MessageDocument.class)) {
                sizes[i] = -1;
                retry.add(entries.get(i));
            } else {
                // the idempotency key was stored meanwhile: give this UID up
                insertTombstone(allocated, uid);
                sizes[i] = -1;
                duplicates.add(i);
            }
        }
        gate.publish(allocated, first, sizes);
        List<Long> added = new ArrayList<>();
        long highestModSeq = 0;
        for (int i = 0; i < n; i++) {
            Pending w = entries.get(i).work;
            if (sizes[i] >= 0) {
                entries.get(i).result.complete(new AppendResult(mailbox.id(), mailbox.uidValidity(), first + i,
                        firstModSeq + i, w.size(), false));
                added.add(first + i);
                highestModSeq = firstModSeq + i;
            }
        }
        if (!added.isEmpty()) {
            listener.added(allocated, added, highestModSeq);
        }
        for (int i : duplicates) {
            AppendLanes.Entry<Pending> entry = entries.get(i);
            try {
                quota.release(p, entry.work.size(), 1);
                deleteOwnBlob(entry.work);
                AppendResult stored = existing(p, entry.work.documentId());
                if (stored != null) {
                    entry.result.complete(stored);
                } else {
                    entry.result.completeExceptionally(new DuplicateKeyException(
                            "append key " + entry.work.inboundId() + " collided but its message is gone"));
                }
            } catch (RuntimeException e) {
                entry.result.completeExceptionally(e);
            }
        }
        return retry;
    }

    /**
     * Inserts {@code docs} in one unordered insert; returns the positions MongoDB refused as
     * duplicates (a UID or an idempotency key stored already). Other errors are thrown.
     */
    private java.util.Set<Integer> insertAll(List<org.bson.Document> docs) {
        try {
            mongo.getCollection(MessageDocument.COLLECTION).insertMany(docs,
                    new com.mongodb.client.model.InsertManyOptions().ordered(false));
            return java.util.Set.of();
        } catch (com.mongodb.MongoBulkWriteException e) {
            java.util.Set<Integer> duplicates = new java.util.HashSet<>();
            for (com.mongodb.bulk.BulkWriteError error : e.getWriteErrors()) {
                if (error.getCode() != 11000) {
                    throw translated(e);
                }
                duplicates.add(error.getIndex());
            }
            if (e.getWriteConcernError() != null) {
                throw translated(e);
            }
            return duplicates;
        } catch (com.mongodb.MongoException e) {
            throw translated(e);
        }
    }

    private RuntimeException translated(RuntimeException e) {
        RuntimeException translated = mongo.getExceptionTranslator().translateExceptionIfPossible(e);
        return translated == null ? e : translated;
    }

    private void insertTombstone(MailboxDocument m, long uid) {
        try {
            mongo.insert(MessageDocument.tombstone(m, uid));
        } catch (DuplicateKeyException alreadySkipped) {
            // a waiting appender tombstoned it first
        }
    }

    /** The message stored under a keyed append's {@code _id}: one read by the primary key. */
    private AppendResult existing(Principal p, String documentId) {
        MessageDocument doc = mongo.findById(documentId, MessageDocument.class);
        if (doc == null || !p.tenantId().equals(doc.tenantId()) || !p.userId().equals(doc.userId())) {
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
}
