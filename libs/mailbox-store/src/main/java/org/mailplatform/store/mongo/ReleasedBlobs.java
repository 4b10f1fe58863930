package org.mailplatform.store.mongo;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Consumer;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * The blob keys that messages stopped referring to, by when, so the collectors look at those and
 * not at every blob in the bucket (ADR 0209). An expunged message is its own record: its document
 * keeps its blob key and {@code expungedAt} until the purge of old expunges. A deleted mailbox's or
 * user's messages are removed outright, so their keys are written here first, a thousand to a
 * document, and forgotten with the old expunges.
 */
final class ReleasedBlobs {

    static final String COLLECTION = "released_blobs";
    private static final int KEYS_PER_DOCUMENT = 1000;

    private final MongoTemplate mongo;

    ReleasedBlobs(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /**
     * A recorder of keys that may have lost their last reference now; it writes them a thousand to
     * a document as they come, so a mailbox of a million messages is never held whole. Used before
     * the message documents go: a failure in between records keys that are still referenced, which
     * a collector checks anyway, never the reverse.
     */
    Recorder recorder() {
        Instant now = Instant.now();
        return new Recorder(new Paging(KEYS_PER_DOCUMENT, page -> mongo.getCollection(COLLECTION)
                .insertOne(new Document("keys", page).append("releasedAt", now))));
    }

    /** Collects keys; {@link #close} writes what is left. */
    static final class Recorder implements AutoCloseable {
        private final Paging paging;

        private Recorder(Paging paging) {
            this.paging = paging;
        }

        void add(String blobKey) {
            paging.add(blobKey);
        }

        @Override
        public void close() {
            paging.flush();
        }
    }

    /**
     * Hands {@code pages} the keys released in {@code [from, to)} (from null: since the oldest
     * record), at most {@code pageSize} to a page: those of messages expunged then, then those recorded here. A key
     * may come more than once; a page is never empty.
     */
    void forEachPage(Instant from, Instant to, int pageSize, Consumer<List<String>> pages) {
        Paging paging = new Paging(pageSize, pages);
        Query expunged = query(where("expunged").is(true).andOperator(within("expungedAt", from, to)));
        expunged.fields().include("blobKey").exclude("_id");
        expunged.cursorBatchSize(pageSize);
        mongo.stream(expunged, Document.class, MessageDocument.COLLECTION).forEach(d -> paging.add(d.getString("blobKey")));
        Query recorded = query(within("releasedAt", from, to));
        recorded.fields().include("keys").exclude("_id");
        mongo.stream(recorded, Document.class, COLLECTION).forEach(d -> d.getList("keys", String.class).forEach(paging::add));
        paging.flush();
    }

    private static Criteria within(String field, Instant from, Instant to) {
        return from == null ? where(field).lt(to) : where(field).gte(from).lt(to);
    }

    /** Forgets the records older than {@code before}, as the purge forgets old expunges. */
    long forget(Instant before) {
        return mongo.remove(query(where("releasedAt").lt(before)), COLLECTION).getDeletedCount();
    }

    private static final class Paging {
        private final int size;
        private final Consumer<List<String>> pages;
        private final LinkedHashSet<String> page = new LinkedHashSet<>();

        Paging(int size, Consumer<List<String>> pages) {
            this.size = size;
            this.pages = pages;
        }

        void add(String key) {
            if (key == null) {
                return;
            }
            page.add(key);
            if (page.size() >= size) {
                flush();
            }
        }

        void flush() {
            if (!page.isEmpty()) {
                pages.accept(List.copyOf(page));
                page.clear();
            }
        }
    }
}
