package org.mailplatform.store.mongo;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.mailplatform.mime.HeaderField;
import org.mailplatform.mime.MessageSummary;
import org.mailplatform.store.MessageMeta;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

/**
 * A node-local cache of message summaries (envelope, body structure, part offsets), keyed by blob
 * key. A summary is derived from the blob's bytes, which never change, so a cached entry can never be
 * stale: no invalidation, and copies (which share the blob) share the entry. Metadata reads fetch
 * the mutable part (flags, MODSEQ) without the summary and take the summary from here, loading the
 * missing ones by {@code _id}, which every MongoDB (and the embedded server) answers from its
 * primary index instead of a scan.
 *
 * <p>Only blob keys returned by a query scoped to the principal are ever looked up, so the cache
 * adds no path from one user to another's data. Bounded by an estimate of the heap the summaries
 * take ({@code mail.store.summary-cache-size}); size 0 turns it off (every read then loads the
 * summaries it returns by id). Metrics: {@code cache.*{cache=mail.store.summaries}}.
 */
final class SummaryCache {

    private final MongoTemplate mongo;
    private final Cache<String, MessageSummary> cache;

    SummaryCache(MongoTemplate mongo, long maxBytes, MeterRegistry meters) {
        this.mongo = mongo;
        this.cache = maxBytes <= 0 ? null : Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((String key, MessageSummary s) -> weight(s))
                .recordStats()
                .build();
        if (cache != null) {
            CaffeineCacheMetrics.monitor(meters, cache, "mail.store.summaries");
        }
    }

    /**
     * The metadata of the messages of {@code mailboxId} read as {@link MetaRow}s, in the same
     * order, each with its summary from the cache or loaded by id; a message whose summary is gone
     * (expunged since its row was read) is left out.
     */
    List<MessageMeta> complete(String mailboxId, List<MetaRow> light) {
        Map<String, MessageSummary> found = new HashMap<>();
        List<String> missingIds = new ArrayList<>();
        for (MetaRow d : light) {
            // keyed by what names the bytes, not the blob: messages appended by reference share a blob
            // but differ in their prefix, so in their summaries
            String key = d.summaryKey();
            MessageSummary s = key == null || cache == null ? null : cache.getIfPresent(key);
            if (s != null) {
                found.put(key, s);
            } else if (key != null && !found.containsKey(key)) {
                missingIds.add(d.id());
            }
        }
        if (!missingIds.isEmpty()) {
            Query byId = query(where("_id").in(missingIds.stream().map(id -> ObjectId.isValid(id) ? (Object) new ObjectId(id) : id).toList()));
            byId.fields().include("blobKey").include("contentKey").include("summary");
            for (Document d : mongo.find(byId, Document.class, MessageDocument.COLLECTION)) {
                Document summary = d.get("summary", Document.class);
                if (summary != null) {
                    MessageSummary s = mongo.getConverter().read(MessageSummary.class, summary);
                    String key = d.getString("contentKey") != null ? d.getString("contentKey") : d.getString("blobKey");
                    found.put(key, s);
                    if (cache != null) {
                        cache.put(key, s);
                    }
                }
            }
        }
        List<MessageMeta> out = new ArrayList<>(light.size());
        for (MetaRow d : light) {
            MessageSummary summary = d.summaryKey() == null ? null : found.get(d.summaryKey());
            if (d.summaryKey() != null && summary == null) {
                // expunged between the two reads (an expunge drops the summary): as if read a moment later
                continue;
            }
            out.add(d.toMeta(mailboxId, summary));
        }
        return out;
    }

    /**
     * A rough count of the heap a summary holds: a fixed part, each MIME part's descriptor, and
     * the indexed header text (two bytes a char, twice over for names and values' objects).
     */
    static int weight(MessageSummary s) {
        long chars = 0;
        for (HeaderField f : s.headers()) {
            chars += f.name().length() + f.value().length() + 32;
        }
        long bytes = 1024L + 384L * Math.max(1, s.partCount()) + 2 * chars;
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }
}
