package org.mailplatform.store.mongo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.mailplatform.model.MailboxChange;
import org.mailplatform.model.Principal;
import org.mailplatform.store.CopyResult;
import org.mailplatform.store.MessageRange;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Copies and moves messages between two mailboxes of one user: picks the source documents, stores
 * copies sharing their blobs in the target (quota, UIDs, visibility as for an append) and publishes
 * what arrived.
 */
final class MessageCopier {

    private final MongoTemplate mongo;
    /** For the inserts of the copies, steps before their watermark move ({@link StepWrites}). */
    private final MongoTemplate steps;
    private final MailboxCatalog catalog;
    private final MessageQueries queries;
    private final QuotaLedger quota;
    private final VisibilityGate gate;
    private final MessageExpunger expunger;
    private final MailboxEvents events;

    MessageCopier(MongoTemplate mongo, MongoTemplate steps, MailboxCatalog catalog, MessageQueries queries, QuotaLedger quota,
                  VisibilityGate gate, MessageExpunger expunger, MailboxEvents events) {
        this.mongo = mongo;
        this.steps = steps;
        this.catalog = catalog;
        this.queries = queries;
        this.quota = quota;
        this.gate = gate;
        this.expunger = expunger;
        this.events = events;
    }

    CopyResult copy(Principal p, String from, MessageRange range, String to, boolean checkQuota) {
        MailboxDocument source = catalog.require(p, from);
        MailboxDocument target = catalog.require(p, to);
        List<MessageDocument> docs = queries.find(source, queries.range(source, range));
        List<Long> newUids = insertCopies(p, docs, target, checkQuota);
        List<Long> sourceUids = new ArrayList<>();
        List<Long> targetUids = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
            if (newUids.get(i) > 0) {
                sourceUids.add(docs.get(i).uid());
                targetUids.add(newUids.get(i));
            }
        }
        if (!targetUids.isEmpty()) {
            MailboxDocument after = catalog.reload(target);
            events.publish(after, MailboxChange.Kind.MESSAGES_ADDED, targetUids, after.highestModSeq());
        }
        return new CopyResult(target.uidValidity(), sourceUids, targetUids);
    }

    CopyResult move(Principal p, String from, MessageRange range, String to) {
        // not checked against the quota: the originals are given back right after
        CopyResult copied = copy(p, from, range, to, false);
        MailboxDocument source = catalog.require(p, from);
        expunger.expungeUids(p, source, copied.sourceUids());
        return copied;
    }

    /**
     * Inserts copies of {@code sources} (documents of the same user) into {@code target}, sharing
     * their blobs; returns the new UIDs in source order, -1 where a copy was skipped.
     * {@code checkQuota} false for the copy half of a MOVE, which is counted without a limit check
     * because the originals are given back right after.
     */
    private List<Long> insertCopies(Principal p, List<MessageDocument> sources, MailboxDocument target,
                                    boolean checkQuota) {
        if (sources.isEmpty()) {
            return List.of();
        }
        long bytes = sources.stream().mapToLong(MessageDocument::size).sum();
        if (checkQuota) {
            quota.reserve(p, bytes, sources.size());
        } else {
            quota.add(p, bytes, sources.size());
        }
        MailboxDocument allocated = catalog.allocate(target, sources.size());
        long first = allocated.uidNext() - sources.size();
        long firstModSeq = allocated.highestModSeq() - sources.size() + 1;
        long[] sizes = new long[sources.size()];
        List<Long> uids = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            MessageDocument s = sources.get(i);
            long uid = first + i;
            try {
                steps.insert(new MessageDocument(null, p.tenantId(), p.userId(), target.id(), uid, firstModSeq + i,
                        s.flags(), s.internalDate(), s.size(), s.blobKey(), s.summary(), s.search(),
                        "copy:" + UUID.randomUUID(), false, false, Instant.now(), s.prefix(), s.contentKey()));
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
}
