package org.mailplatform.store.mongo;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.mailplatform.model.Principal;
import org.mailplatform.store.AppendOutcome;
import org.mailplatform.store.AppendRequest;
import org.mailplatform.store.AppendResult;
import org.mailplatform.store.Flags;
import org.mailplatform.store.MessageTooLargeException;
import org.mailplatform.store.OverQuotaException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * APPEND: the body read first ({@link AppendBodies}: spooled, parsed once, its blob written, or a
 * referenced blob read), then, batched with the concurrent appends to the same mailbox
 * ({@link AppendLanes}): reserve quota, allocate UIDs, insert, make visible. Copies (COPY/MOVE),
 * which share an existing blob, are {@link MessageCopier}'s.
 */
final class MessageAppender {

    private final MongoTemplate mongo;
    /** For the insert of the documents, a step of the append ({@link StepWrites}). */
    private final StepWrites steps;
    private final AppendBodies bodies;
    private final MailboxCatalog catalog;
    private final VisibilityGate gate;
    private final QuotaLedger quota;
    private final AppendLanes lanes;
    private final AddedListener listener;
    private final io.micrometer.core.instrument.DistributionSummary batchSizes;

    MessageAppender(MongoTemplate mongo, StepWrites steps, AppendBodies bodies, MailboxCatalog catalog, VisibilityGate gate,
                    QuotaLedger quota, int maxAppendBatch, io.micrometer.core.instrument.MeterRegistry meters,
                    AddedListener listener) {
        this.mongo = mongo;
        this.steps = steps;
        this.bodies = bodies;
        this.catalog = catalog;
        this.gate = gate;
        this.quota = quota;
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

    /** Reads (spools, parses, writes) the body of one append: what its batch then stores. */
    private Pending store(Principal p, MailboxDocument mailbox, AppendRequest request) {
        // a repeated key is caught at insert by the _id index (the key is part of the _id), not looked
        // up first: repeats are rare (a redelivery after a crash), a lookup for every append is not
        boolean keyed = request.idempotencyKey() != null;
        String inboundId = keyed ? request.idempotencyKey() : "local:" + UUID.randomUUID();
        String documentId = keyed ? AppendKeys.documentId(p, inboundId) : null;
        List<String> flags = new ArrayList<>(Flags.canonical(request.flags()));
        Instant internalDate = request.internalDate() == null ? Instant.now() : request.internalDate();
        return new Pending(p, mailbox, documentId, inboundId, flags, internalDate, bodies.read(p, request),
                new java.util.concurrent.atomic.AtomicBoolean());
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
                           List<String> flags, Instant internalDate, AppendBodies.Body body,
                           java.util.concurrent.atomic.AtomicBoolean insertSent) {

        boolean keyed() {
            return documentId != null;
        }

        long size() {
            return body.size();
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
            bodies.discard(pending.body());
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
            bodies.discard(entry.work.body());
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
                    firstModSeq + i, w.flags(), w.internalDate(), w.size(), w.body().blobKey(), w.body().summary(),
                    MessageDocument.SearchFields.of(w.body().summary().envelope()), w.inboundId(), false, false,
                    Instant.now(), w.body().prefix(), w.body().contentKey());
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
                bodies.stored(w.body());
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
                bodies.discard(entry.work.body());
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
            steps.collection(MessageDocument.COLLECTION).insertMany(docs,
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
}
