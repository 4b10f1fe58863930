package org.mailplatform.store.mongo;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.mailplatform.blob.BlobKey;
import org.mailplatform.blob.BlobStore;
import org.mailplatform.blob.BlobStoreUnavailableException;
import org.mailplatform.model.MailboxChange;
import org.mailplatform.model.Principal;
import org.mailplatform.store.AppendOutcome;
import org.mailplatform.store.AppendRequest;
import org.mailplatform.store.AppendResult;
import org.mailplatform.store.Changes;
import org.mailplatform.store.CopyResult;
import org.mailplatform.store.FlagOperation;
import org.mailplatform.store.FlagUpdateResult;
import org.mailplatform.store.Flags;
import org.mailplatform.store.MailboxException;
import org.mailplatform.store.MailboxInfo;
import org.mailplatform.store.MailboxName;
import org.mailplatform.store.MailboxSnapshot;
import org.mailplatform.store.MailboxStatus;
import org.mailplatform.store.MailboxStore;
import org.mailplatform.store.MessageContent;
import org.mailplatform.store.MessageMeta;
import org.mailplatform.store.MessageRange;
import org.mailplatform.store.QuotaPolicy;
import org.mailplatform.store.QuotaUsage;
import org.mailplatform.store.SearchCriteria;
import org.mailplatform.store.SearchResult;
import org.mailplatform.store.SpecialUse;
import org.mailplatform.store.StoreUnavailableException;
import org.mailplatform.store.UidSet;
import org.mailplatform.store.config.MailboxStoreProperties;
import org.mailplatform.store.events.ChangePublisher;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * {@link MailboxStore} on MongoDB (metadata) and a {@link BlobStore} (bytes). Every operation is
 * timed ({@code mail.store.operations{operation,outcome}}) and every change published.
 */
public final class MongoMailboxStore implements MailboxStore {

    private final MongoTemplate mongo;
    private final BlobStore blobs;
    private final ChangePublisher changes;
    private final MeterRegistry meters;
    private final MailboxCatalog catalog;
    private final MessageQueries queries;
    private final MessageAppender appender;
    private final MessageSearch search;
    private final QuotaLedger quota;
    private final SummaryCache summaries;
    private final BodyCache bodies;

    public MongoMailboxStore(MongoTemplate mongo, BlobStore blobs, ChangePublisher changes, MeterRegistry meters,
                             MailboxStoreProperties properties, QuotaPolicy quotaPolicy) {
        this.mongo = mongo;
        this.blobs = blobs;
        this.changes = changes;
        this.meters = meters;
        this.catalog = new MailboxCatalog(mongo, properties.maxMailboxNameLength(), properties.maxMailboxes());
        this.queries = new MessageQueries(mongo);
        this.summaries = new SummaryCache(mongo, properties.summaryCacheSize().toBytes(), meters);
        this.bodies = new BodyCache(properties.bodyCacheSize().toBytes(), properties.bodyCacheMaxMessage().toBytes(),
                meters);
        this.quota = new QuotaLedger(mongo, quotaPolicy);
        VisibilityGate gate = new VisibilityGate(mongo, properties.appendOrderTimeout());
        this.appender = new MessageAppender(mongo, blobs, catalog, gate, quota,
                (int) properties.spoolThreshold().toBytes(), properties.maxMessageSize().toBytes(),
                properties.maxAppendBatch(), meters,
                (m, uids, modSeq) -> publish(m, MailboxChange.Kind.MESSAGES_ADDED, uids, modSeq));
        this.search = new MessageSearch(queries, blobs, properties.searchMaxScanBytes().toBytes(),
                properties.searchMaxScanMessages());
        StoreIndexes.ensure(mongo);
    }

    // ---- mailboxes ----

    @Override
    public List<MailboxInfo> ensureDefaultMailboxes(Principal p) {
        return timed("ensure-defaults", () -> {
            for (SpecialUse use : SpecialUse.values()) {
                if (catalog.find(p, use.defaultName()) == null) {
                    try {
                        MailboxDocument m = catalog.create(p, use.defaultName(), use);
                        publish(m, MailboxChange.Kind.MAILBOX_CREATED, List.of(), 0);
                    } catch (MailboxException.AlreadyExists raced) {
                        // created concurrently
                    }
                }
            }
            return catalog.all(p).stream().map(MailboxDocument::toInfo).toList();
        });
    }

    @Override
    public MailboxInfo create(Principal p, String name, SpecialUse specialUse) {
        if (specialUse == SpecialUse.INBOX) {
            throw new MailboxException.NotAllowed("INBOX is not a special use to create");
        }
        return timed("create", () -> {
            if (specialUse != null) {
                // check, then insert: two concurrent creates of one use by one user can both pass (a
                // harmless duplicate attribute, as several servers allow); the defaults never race it
                catalog.all(p).stream().filter(m -> m.specialUse() == specialUse).findFirst().ifPresent(held -> {
                    throw new MailboxException.SpecialUseTaken(specialUse, held.name());
                });
            }
            MailboxDocument m = catalog.create(p, name, specialUse);
            publish(m, MailboxChange.Kind.MAILBOX_CREATED, List.of(), 0);
            return m.toInfo();
        });
    }

    @Override
    public void rename(Principal p, String from, String to) {
        timed("rename", () -> {
            if (catalog.normalize(from).equals(MailboxName.INBOX)) {
                renameInbox(p, to);
                return null;
            }
            for (MailboxDocument m : catalog.rename(p, from, to)) {
                publish(m, MailboxChange.Kind.MAILBOX_RENAMED, List.of(), 0);
            }
            return null;
        });
    }

    /**
     * RFC 9051 section 6.3.6: renaming INBOX creates the new mailbox and moves INBOX's messages into
     * it; INBOX stays (empty) and its children are not touched. A move, not a copy: a failure part
     * way (quota, an outage) leaves every message in exactly one of the two mailboxes, and mail
     * delivered meanwhile stays in INBOX.
     */
    private void renameInbox(Principal p, String to) {
        MailboxDocument target = catalog.create(p, to, null);
        publish(target, MailboxChange.Kind.MAILBOX_CREATED, List.of(), 0);
        CopyResult moved = copyMessages(p, MailboxName.INBOX, MessageRange.all(), target.name(), false);
        if (!moved.sourceUids().isEmpty()) {
            expungeWhere(p, catalog.require(p, MailboxName.INBOX), MessageQueries.uidCriteria(uidSet(moved.sourceUids())));
        }
    }

    @Override
    public void delete(Principal p, String name) {
        timed("delete", () -> {
            MailboxDocument m = catalog.require(p, name);
            if (m.name().equals(MailboxName.INBOX)) {
                throw new MailboxException.NotAllowed("INBOX cannot be deleted");
            }
            catalog.delete(m);
            long bytes = 0;
            long count = 0;
            for (MessageDocument d : mongo.find(query(where("mailboxId").is(m.id()).and("expunged").is(false)),
                    MessageDocument.class)) {
                bytes += d.size();
                count++;
            }
            mongo.remove(query(where("mailboxId").is(m.id())), MessageDocument.class);
            quota.release(p, bytes, count);
            publish(m, MailboxChange.Kind.MAILBOX_DELETED, List.of(), 0);
            return null;
        });
    }

    @Override
    public Optional<MailboxInfo> find(Principal p, String name) {
        return timed("find", () -> Optional.ofNullable(catalog.find(p, name)).map(MailboxDocument::toInfo));
    }

    @Override
    public List<MailboxInfo> list(Principal p, String reference, String pattern, boolean subscribedOnly) {
        return timed("list", () -> {
            String full = (reference == null ? "" : reference) + pattern;
            return catalog.all(p).stream()
                    .filter(m -> !subscribedOnly || m.subscribed())
                    .filter(m -> MailboxName.matches(full, m.name()))
                    .map(MailboxDocument::toInfo).toList();
        });
    }

    @Override
    public void subscribe(Principal p, String name, boolean subscribed) {
        timed("subscribe", () -> {
            MailboxDocument m = catalog.require(p, name);
            catalog.subscribe(m, subscribed);
            publish(m, MailboxChange.Kind.MAILBOX_SUBSCRIPTION, List.of(), 0);
            return null;
        });
    }

    @Override
    public MailboxStatus status(Principal p, String name) {
        return timed("status", () -> {
            MailboxDocument m = catalog.require(p, name);
            Criteria visible = MessageQueries.visible(m);
            long unseen = mongo.count(query(new Criteria().andOperator(visible, where("flags").ne(Flags.SEEN))),
                    MessageDocument.class);
            long deleted = mongo.count(query(new Criteria().andOperator(MessageQueries.visible(m),
                    where("flags").is(Flags.DELETED))), MessageDocument.class);
            return new MailboxStatus(m.toInfo(), unseen, deleted);
        });
    }

    // ---- messages ----

    @Override
    public AppendResult append(Principal p, String mailbox, AppendRequest request) {
        return timed("append", () -> {
            // the change event is published by the batch that stored the message
            return appender.append(p, catalog.forAppend(p, mailbox), request);
        });
    }

    @Override
    public List<AppendOutcome> appendAll(Principal p, String mailbox, List<AppendRequest> requests) {
        return timed("append-all", () -> requests.isEmpty() ? List.of()
                : appender.appendAll(p, catalog.forAppend(p, mailbox), requests));
    }

    @Override
    public List<Long> uids(Principal p, String mailbox) {
        return timed("uids", () -> queries.uids(catalog.require(p, mailbox)));
    }

    @Override
    public MailboxSnapshot open(Principal p, String mailbox) {
        return timed("open-mailbox", () -> {
            MailboxDocument m = catalog.require(p, mailbox);
            List<Long> uids = new ArrayList<>();
            long unseen = 0;
            long deleted = 0;
            long firstUnseen = 0;
            for (MetaRow row : queries.uidsAndFlags(m)) {
                long uid = row.uid();
                List<String> flags = row.flags();
                uids.add(uid);
                if (!flags.contains(Flags.SEEN)) {
                    unseen++;
                    firstUnseen = firstUnseen == 0 ? uid : firstUnseen;
                }
                if (flags.contains(Flags.DELETED)) {
                    deleted++;
                }
            }
            return new MailboxSnapshot(new MailboxStatus(m.toInfo(), unseen, deleted), uids, firstUnseen);
        });
    }

    @Override
    public List<MessageMeta> fetch(Principal p, String mailbox, MessageRange range) {
        return timed("fetch", () -> {
            MailboxDocument m = catalog.require(p, mailbox);
            UidSet uids = queries.resolve(m, range);
            List<Long> few = MessageQueries.few(uids, MessageQueries.MAX_POINT_LOOKUPS);
            return summaries.complete(m.id(), few != null ? queries.lookup(m, few)
                    : queries.rows(m, MessageQueries.uidCriteria(uids)));
        });
    }

    /** Reads no summaries: a reader of the bytes (POP3) has no use for them. */
    @Override
    public List<MessageContent> fetchContents(Principal p, String mailbox, MessageRange range) {
        List<MessageMeta> metas = timed("fetch", () -> {
            MailboxDocument m = catalog.require(p, mailbox);
            return queries.rows(m, queries.range(m, range)).stream().map(r -> r.toMeta(m.id(), null)).toList();
        });
        return metas.stream().map(m -> new MessageContent(m, () -> timed("open", () -> read(m, 0, m.size())))).toList();
    }

    @Override
    public InputStream openContent(Principal p, MessageMeta message, long offset, long length) {
        return timed("open", () -> {
            // an exact lookup on the unique (mailboxId, uid) key, the owner checked on what it finds
            Query byKey = query(where("mailboxId").is(message.mailboxId()).and("uid").is(message.uid()));
            byKey.fields().include("tenantId").include("userId").include("blobKey");
            org.bson.Document found = mongo.findOne(byKey, org.bson.Document.class, MessageDocument.COLLECTION);
            boolean owned = found != null && p.tenantId().equals(found.getString("tenantId"))
                    && p.userId().equals(found.getString("userId")) && message.blobKey().equals(found.getString("blobKey"));
            if (!owned) {
                throw new MailboxException.NotFound("message " + message.uid());
            }
            return read(message, offset, length);
        });
    }

    /** The bytes of a message whose ownership was checked: from the body cache, else the object store. */
    private InputStream read(MessageMeta message, long offset, long length) {
        BlobKey key = new BlobKey(message.blobKey());
        InputStream cached = bodies.open(message.blobKey(), message.size(), offset, length, () -> blobs.open(key));
        if (cached != null) {
            return cached;
        }
        return offset == 0 && length >= message.size() ? blobs.open(key) : blobs.openRange(key, offset, length);
    }

    @Override
    public FlagUpdateResult updateFlags(Principal p, String mailbox, MessageRange range, FlagOperation operation,
                                        Set<String> flags, Long unchangedSince) {
        return timed("flags", () -> {
            MailboxDocument m = catalog.require(p, mailbox);
            List<String> canonical = new ArrayList<>(Flags.canonical(flags));
            UidSet uids = queries.resolve(m, range);
            Criteria target = new Criteria().andOperator(MessageQueries.visible(m), MessageQueries.uidCriteria(uids));
            List<Long> modified = new ArrayList<>();
            if (unchangedSince != null) {
                modified = mongo.find(query(new Criteria().andOperator(target, where("modSeq").gt(unchangedSince))),
                        MessageDocument.class).stream().map(MessageDocument::uid).toList();
            }
            long modSeq = catalog.nextModSeq(m);
            Criteria apply = unchangedSince == null ? target
                    : new Criteria().andOperator(target, where("modSeq").lte(unchangedSince));
            Criteria needed = switch (operation) {
                case ADD -> canonical.isEmpty() ? null : new Criteria().norOperator(where("flags").all(canonical));
                case REMOVE -> canonical.isEmpty() ? null : where("flags").in(canonical);
                case REPLACE -> null;
            };
            Update update = switch (operation) {
                case ADD -> new Update().addToSet("flags").each(canonical.toArray());
                case REMOVE -> new Update().pullAll("flags", canonical.toArray());
                case REPLACE -> new Update().set("flags", canonical);
            };
            update.set("modSeq", modSeq);
            if (needed != null || operation == FlagOperation.REPLACE) {
                mongo.updateMulti(query(needed == null ? apply : new Criteria().andOperator(apply, needed)), update,
                        MessageDocument.class);
            }
            List<MessageMeta> updated = queries.withModSeq(m, uids, modSeq);
            if (!updated.isEmpty()) {
                publish(m, MailboxChange.Kind.FLAGS_CHANGED, updated.stream().map(MessageMeta::uid).toList(), modSeq);
            }
            return new FlagUpdateResult(updated, modified);
        });
    }

    @Override
    public CopyResult copy(Principal p, String from, MessageRange range, String to) {
        return timed("copy", () -> copyMessages(p, from, range, to, true));
    }

    private CopyResult copyMessages(Principal p, String from, MessageRange range, String to, boolean checkQuota) {
        MailboxDocument source = catalog.require(p, from);
        MailboxDocument target = catalog.require(p, to);
        List<MessageDocument> docs = queries.find(source, queries.range(source, range));
        List<Long> newUids = appender.copy(p, docs, target, checkQuota);
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
            publish(after, MailboxChange.Kind.MESSAGES_ADDED, targetUids, after.highestModSeq());
        }
        return new CopyResult(target.uidValidity(), sourceUids, targetUids);
    }

    @Override
    public CopyResult move(Principal p, String from, MessageRange range, String to) {
        return timed("move", () -> {
            // not checked against the quota: the originals are given back right after
            CopyResult copied = copyMessages(p, from, range, to, false);
            MailboxDocument source = catalog.require(p, from);
            expungeWhere(p, source, MessageQueries.uidCriteria(uidSet(copied.sourceUids())));
            return copied;
        });
    }

    @Override
    public List<Long> expunge(Principal p, String mailbox, UidSet uids) {
        return timed("expunge", () -> {
            MailboxDocument m = catalog.require(p, mailbox);
            Criteria which = where("flags").is(Flags.DELETED);
            if (uids != null) {
                which = new Criteria().andOperator(which, MessageQueries.uidCriteria(uids));
            }
            return expungeWhere(p, m, which);
        });
    }

    @Override
    public List<Long> remove(Principal p, String mailbox, MessageRange range) {
        return timed("remove", () -> {
            MailboxDocument m = catalog.require(p, mailbox);
            return expungeWhere(p, m, queries.range(m, range));
        });
    }

    private List<Long> expungeWhere(Principal p, MailboxDocument m, Criteria which) {
        Criteria target = new Criteria().andOperator(MessageQueries.visible(m), which);
        if (!mongo.exists(query(target), MessageDocument.class)) {
            return List.of();
        }
        long modSeq = catalog.nextModSeq(m);
        mongo.updateMulti(query(target), new Update().set("expunged", true).set("modSeq", modSeq)
                .set("flags", List.of()).set("expungedAt", Instant.now()), MessageDocument.class);
        List<MessageDocument> gone = mongo.find(query(where("mailboxId").is(m.id()).and("expunged").is(true)
                .and("modSeq").is(modSeq)), MessageDocument.class);
        long bytes = gone.stream().mapToLong(MessageDocument::size).sum();
        catalog.addCounts(m, -gone.size(), -bytes);
        quota.release(p, bytes, gone.size());
        List<Long> uids = gone.stream().map(MessageDocument::uid).sorted().toList();
        if (!uids.isEmpty()) {
            publish(m, MailboxChange.Kind.MESSAGES_EXPUNGED, uids, modSeq);
        }
        return uids;
    }

    @Override
    public SearchResult search(Principal p, String mailbox, SearchCriteria criteria) {
        return timed("search", () -> search.search(catalog.require(p, mailbox), criteria));
    }

    @Override
    public Changes changesSince(Principal p, String mailbox, long sinceModSeq) {
        return timed("changes", () -> {
            MailboxDocument m = catalog.require(p, mailbox);
            List<MetaRow> rows = queries.rows(query(where("mailboxId").is(m.id()).and("tenantId").is(p.tenantId())
                    .and("userId").is(p.userId()).and("uid").lt(m.visibleUidNext()).and("modSeq").gt(sinceModSeq)
                    .and("tombstone").is(false)), MetaRow.FIELDS);
            List<MessageMeta> changed = rows.stream().filter(r -> !r.expunged()).map(r -> r.toMeta(m.id(), null)).toList();
            List<Long> vanished = rows.stream().filter(MetaRow::expunged).map(MetaRow::uid).toList();
            return new Changes(m.highestModSeq(), changed, vanished);
        });
    }

    @Override
    public QuotaUsage quota(Principal p) {
        return timed("quota", () -> quota.usage(p));
    }

    // ---- plumbing ----

    private static UidSet uidSet(List<Long> uids) {
        return UidSet.of(uids.stream().mapToLong(Long::longValue).toArray());
    }

    private void publish(MailboxDocument m, MailboxChange.Kind kind, List<Long> uids, long modSeq) {
        changes.publish(new MailboxChange(m.tenantId(), m.userId(), m.id(), m.name(), kind, uids, modSeq,
                m.uidValidity(), Instant.now()));
    }

    private <T> T timed(String operation, Supplier<T> work) {
        long start = System.nanoTime();
        String outcome = "error";
        try {
            T result = work.get();
            outcome = "ok";
            return result;
        } catch (MailboxException e) {
            outcome = e.getClass().getSimpleName();
            throw e;
        } catch (DataAccessResourceFailureException | BlobStoreUnavailableException e) {
            outcome = "unavailable";
            throw new StoreUnavailableException("mailbox store unavailable: " + e.getMessage(), e);
        } finally {
            Timer.builder("mail.store.operations").tag("operation", operation).tag("outcome", outcome)
                    .register(meters).record(Duration.ofNanos(System.nanoTime() - start));
        }
    }
}
