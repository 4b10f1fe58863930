package org.mailplatform.store.mongo;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
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
import org.mailplatform.store.config.SharedBodyCacheProperties;
import org.mailplatform.store.events.ChangePublisher;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;

/**
 * {@link MailboxStore} on MongoDB (metadata) and a {@link BlobStore} (bytes). Every operation is
 * timed ({@code mail.store.operations{operation,outcome}}) and every change published.
 */
public final class MongoMailboxStore implements MailboxStore {

    private final MongoTemplate mongo;
    private final MeterRegistry meters;
    private final MailboxEvents events;
    private final MailboxCatalog catalog;
    private final MessageQueries queries;
    private final MessageAppender appender;
    private final MessageSearch search;
    private final QuotaLedger quota;
    private final SummaryCache summaries;
    private final MailboxViews views;
    private final SharedBodyCache shared;
    private final ContentReader reader;
    private final MessageExpunger expunger;
    private final FlagUpdater flagUpdater;
    private final MessageCopier copier;
    private final MailboxLifecycle lifecycle;

    public MongoMailboxStore(MongoTemplate mongo, BlobStore blobs, ChangePublisher changes, MeterRegistry meters,
                             MailboxStoreProperties properties, QuotaPolicy quotaPolicy) {
        this(mongo, blobs, changes, meters, properties, quotaPolicy, SharedBodyCacheProperties.defaults());
    }

    /** @param sharedBodies the cluster-wide cache of small messages' bytes (ADR 0211) */
    public MongoMailboxStore(MongoTemplate mongo, BlobStore blobs, ChangePublisher changes, MeterRegistry meters,
                             MailboxStoreProperties properties, QuotaPolicy quotaPolicy,
                             SharedBodyCacheProperties sharedBodies) {
        this.mongo = mongo;
        this.meters = meters;
        this.events = new MailboxEvents(changes);
        StepWrites steps = StepWrites.forServer(mongo);
        this.catalog = new MailboxCatalog(mongo, steps, properties.maxMailboxNameLength(),
                properties.maxMailboxes());
        this.queries = new MessageQueries(mongo);
        this.summaries = new SummaryCache(mongo, properties.summaryCacheSize().toBytes(), meters);
        BodyCache bodies = new BodyCache(properties.bodyCacheSize().toBytes(),
                properties.bodyCacheMaxMessage().toBytes(), meters);
        // one remembered ownership (about 200 bytes) per KiB of the summary cache: it covers the
        // messages whose summaries are cached, at a fifth of their size
        this.shared = new SharedBodyCache(mongo, sharedBodies, meters, java.time.Clock.systemUTC());
        this.reader = new ContentReader(mongo, blobs, bodies, shared, properties.summaryCacheSize().toBytes() / 1024);
        this.views = new MailboxViews(queries, catalog, properties.viewCacheSize().toBytes(), meters);
        this.quota = new QuotaLedger(mongo, steps.template(), quotaPolicy);
        VisibilityGate gate = new VisibilityGate(mongo, properties.appendOrderTimeout());
        this.appender = new MessageAppender(mongo, steps, new AppendBodies(blobs, reader::readNewBlob, shared,
                (int) properties.spoolThreshold().toBytes(), properties.maxMessageSize().toBytes()), catalog, gate, quota,
                properties.maxAppendBatch(), meters,
                (m, uids, modSeq) -> events.publish(m, MailboxChange.Kind.MESSAGES_ADDED, uids, modSeq));
        this.search = new MessageSearch(queries, reader::readBlob, properties.searchMaxScanBytes().toBytes(),
                properties.searchMaxScanMessages());
        this.expunger = new MessageExpunger(mongo, catalog, quota, events);
        this.flagUpdater = new FlagUpdater(mongo, catalog, queries, events);
        this.copier = new MessageCopier(mongo, steps.template(), catalog, queries, quota, gate, expunger, events);
        this.lifecycle = new MailboxLifecycle(mongo, catalog, quota, copier, expunger, events);
        StoreIndexes.ensure(mongo);
    }

    // ---- mailboxes ----

    @Override
    public List<MailboxInfo> ensureDefaultMailboxes(Principal p) {
        return timed("ensure-defaults",
                () -> lifecycle.ensureDefaults(p).stream().map(this::info).toList());
    }

    @Override
    public MailboxInfo create(Principal p, String name, SpecialUse specialUse) {
        if (specialUse == SpecialUse.INBOX) {
            throw new MailboxException.NotAllowed("INBOX is not a special use to create");
        }
        return timed("create", () -> info(lifecycle.create(p, name, specialUse)));
    }

    @Override
    public void rename(Principal p, String from, String to) {
        timed("rename", () -> {
            lifecycle.rename(p, from, to);
            return null;
        });
    }

    @Override
    public void delete(Principal p, String name) {
        timed("delete", () -> {
            lifecycle.delete(p, name);
            return null;
        });
    }

    @Override
    public Optional<MailboxInfo> find(Principal p, String name) {
        return timed("find", () -> Optional.ofNullable(catalog.find(p, name)).map(this::info));
    }

    @Override
    public List<MailboxInfo> list(Principal p, String reference, String pattern, boolean subscribedOnly) {
        return timed("list", () -> {
            String full = (reference == null ? "" : reference) + pattern;
            return catalog.all(p).stream()
                    .filter(m -> !subscribedOnly || m.subscribed())
                    .filter(m -> MailboxName.matches(full, m.name()))
                    .map(this::info).toList();
        });
    }

    @Override
    public void subscribe(Principal p, String name, boolean subscribed) {
        timed("subscribe", () -> {
            MailboxDocument m = catalog.require(p, name);
            catalog.subscribe(m, subscribed);
            events.publish(m, MailboxChange.Kind.MAILBOX_SUBSCRIPTION, List.of(), 0);
            return null;
        });
    }

    @Override
    public MailboxStatus status(Principal p, String name) {
        return timed("status", () -> {
            MailboxDocument m = catalog.settled(catalog.require(p, name));
            Criteria visible = MessageQueries.visible(m);
            long unseen = mongo.count(query(new Criteria().andOperator(visible, where("flags").ne(Flags.SEEN))),
                    MessageDocument.class);
            long deleted = mongo.count(query(new Criteria().andOperator(MessageQueries.visible(m),
                    where("flags").is(Flags.DELETED))), MessageDocument.class);
            return new MailboxStatus(m.toInfo(), unseen, deleted);
        });
    }

    /** A mailbox as clients see it, with its settled HIGHESTMODSEQ (ADR 0206). */
    private MailboxInfo info(MailboxDocument m) {
        return catalog.settled(m).toInfo();
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
            // settled before the rows are read: every change up to the MODSEQ told is in them
            MailboxDocument m = catalog.settled(catalog.require(p, mailbox));
            List<Long> uids = new ArrayList<>();
            long unseen = 0;
            long deleted = 0;
            long firstUnseen = 0;
            for (MetaRow row : views.rows(m)) {
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
            List<Long> few = range instanceof MessageRange.ByUid(UidSet u)
                    ? MessageQueries.few(u, MessageQueries.MAX_POINT_LOOKUPS) : null;
            MailboxDocument m;
            List<MetaRow> rows;
            if (few != null) {
                // a few UIDs the session already knows: each read by its key, the mailbox document
                // from the catalog's short-lived read cache when its watermark already shows them all
                m = catalog.forRead(p, mailbox, few.isEmpty() ? 0 : few.getLast());
                rows = queries.lookup(m, few);
            } else {
                // many: from this node's copy of the mailbox's rows while the (fresh) document says it holds
                m = catalog.require(p, mailbox);
                rows = views.rows(m, queries.resolve(m, range));
            }
            List<MessageMeta> metas = summaries.complete(m.id(), rows);
            reader.vouch(m, metas);
            return metas;
        });
    }

    /** Reads no summaries: a reader of the bytes (POP3) has no use for them. */
    @Override
    public List<MessageContent> fetchContents(Principal p, String mailbox, MessageRange range) {
        List<MessageMeta> metas = timed("fetch", () -> {
            MailboxDocument m = catalog.require(p, mailbox);
            return views.rows(m, queries.resolve(m, range)).stream().map(r -> r.toMeta(m.id(), null)).toList();
        });
        return metas.stream().map(m -> new MessageContent(m, () -> timed("open", () -> reader.read(m, 0, m.size()))))
                .toList();
    }

    /**
     * The caches' bytes of the principal's own messages only: the metadata (blob keys, prefixes) comes
     * from a read scoped to the principal, as for {@link #fetchContents}, never from the caller.
     */
    @Override
    public java.util.Map<Long, byte[]> cachedContents(Principal p, String mailbox, MessageRange range) {
        return timed("cached-contents", () -> {
            // a UID's blob never changes, so the mailbox document of the last second (a read-ahead
            // batch follows another every few milliseconds) finds the rows in this node's copy as well
            // as a fresh one; only when that copy does not answer is the document read
            if (range instanceof MessageRange.ByUid(UidSet uids) && !uids.ranges().isEmpty()
                    && uids.ranges().stream().allMatch(r -> r.to() < Long.MAX_VALUE)) {
                long max = uids.ranges().stream().mapToLong(UidSet.Range::to).max().orElseThrow();
                MailboxDocument recent = catalog.forRead(p, mailbox, max);
                List<MetaRow> kept = views.kept(recent, uids);
                if (kept != null) {
                    return reader.cachedWhole(kept.stream().map(r -> r.toMeta(recent.id(), null)).toList());
                }
            }
            MailboxDocument m = catalog.require(p, mailbox);
            return reader.cachedWhole(views.rows(m, queries.resolve(m, range)).stream()
                    .map(r -> r.toMeta(m.id(), null)).toList());
        });
    }

    /** Whether every small message's bytes offered to the shared cache have been written (tests, benchmarks). */
    public boolean sharedBodiesWritten() {
        return shared.idle();
    }

    @Override
    public InputStream openContent(Principal p, MessageMeta message, long offset, long length) {
        return timed("open", () -> reader.openOwned(p, message, offset, length));
    }

    @Override
    public FlagUpdateResult updateFlags(Principal p, String mailbox, MessageRange range, FlagOperation operation,
                                        Set<String> flags, Long unchangedSince) {
        return timed("flags", () -> flagUpdater.update(catalog.require(p, mailbox), range, operation, flags,
                unchangedSince));
    }

    @Override
    public CopyResult copy(Principal p, String from, MessageRange range, String to) {
        return timed("copy", () -> copier.copy(p, from, range, to, true));
    }

    @Override
    public CopyResult move(Principal p, String from, MessageRange range, String to) {
        return timed("move", () -> copier.move(p, from, range, to));
    }

    @Override
    public List<Long> expunge(Principal p, String mailbox, UidSet uids) {
        return timed("expunge", () -> {
            MailboxDocument m = catalog.require(p, mailbox);
            Criteria which = where("flags").is(Flags.DELETED);
            if (uids != null) {
                which = new Criteria().andOperator(which, MessageQueries.uidCriteria(uids));
            }
            return expunger.expungeWhere(p, m, which);
        });
    }

    @Override
    public List<Long> remove(Principal p, String mailbox, MessageRange range) {
        return timed("remove", () -> {
            MailboxDocument m = catalog.require(p, mailbox);
            return expunger.expungeWhere(p, m, queries.range(m, range));
        });
    }

    @Override
    public SearchResult search(Principal p, String mailbox, SearchCriteria criteria) {
        return timed("search", () -> search.search(catalog.require(p, mailbox), criteria));
    }

    @Override
    public Changes changesSince(Principal p, String mailbox, long sinceModSeq) {
        return timed("changes", () -> {
            MailboxDocument m = catalog.settled(catalog.require(p, mailbox));
            List<MetaRow> rows = queries.rows(query(where("mailboxId").is(m.id()).and("tenantId").is(p.tenantId())
                    .and("userId").is(p.userId()).and("uid").lt(m.visibleUidNext()).and("modSeq").gt(sinceModSeq)
                    .and("tombstone").is(false)), MetaRow.FIELDS);
            List<MessageMeta> changed = rows.stream().filter(r -> !r.expunged()).map(r -> r.toMeta(m.id(), null)).toList();
            List<Long> vanished = rows.stream().filter(MetaRow::expunged).map(MetaRow::uid).toList();
            // m was read before the expunged documents: a purge marks a MODSEQ forgotten a run before it
            // deletes up to it (ExpungePurge), so documents missing here are always covered by m's mark
            return new Changes(m.settledModSeq(), changed, vanished, sinceModSeq < m.forgottenModSeq());
        });
    }

    @Override
    public QuotaUsage quota(Principal p) {
        return timed("quota", () -> quota.usage(p));
    }

    // ---- plumbing ----

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
