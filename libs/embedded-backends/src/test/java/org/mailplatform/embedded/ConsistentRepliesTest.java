package org.mailplatform.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The embedded server answers with the document as the command left it, never as a later write
 * is changing it. mongo-java-server's backends change a stored document in place and hand that
 * same object to the reply, which is encoded after the collection's lock is released; without
 * {@link ConsistentReplies} two concurrent {@code $inc} find-and-modifies could both answer the
 * second value (two appends then got the same UIDs), and a read could see half an update.
 */
class ConsistentRepliesTest {

    private static final int FIELDS = 16;

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    private MongoCollection<Document> counters(String kind) {
        EmbeddedMongo mongo = "file".equals(kind) ? EmbeddedMongo.persistent(dir.resolve("data.mv"), 0)
                : EmbeddedMongo.inMemory();
        open.add(mongo);
        MongoClient client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(mongo.uri()))
                .applyToConnectionPoolSettings(p -> p.maxSize(16)).build());
        open.add(client);
        return client.getDatabase("replies").getCollection("counters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "file"})
    void concurrentIncrementsEachAnswerTheirOwnValue(String kind) throws Exception {
        MongoCollection<Document> counters = counters(kind);
        counters.insertOne(new Document("_id", "c").append("n", 0L));
        int threads = 6;
        int each = 300;
        List<Long> answers = inParallel(threads, () -> {
            List<Long> mine = new ArrayList<>();
            for (int i = 0; i < each; i++) {
                Document after = counters.findOneAndUpdate(Filters.eq("_id", "c"), Updates.inc("n", 1L),
                        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
                mine.add(after.getLong("n"));
            }
            return mine;
        });
        Set<Long> distinct = new HashSet<>(answers);
        assertThat(distinct).as("values answered to %d increments", answers.size()).hasSize(threads * each);
        assertThat(counters.find().first().getLong("n")).isEqualTo((long) threads * each);
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "file"})
    void aReadNeverSeesHalfAnUpdate(String kind) throws Exception {
        MongoCollection<Document> counters = counters(kind);
        counters.insertOne(fields(0).append("_id", "r"));
        AtomicBoolean writing = new AtomicBoolean(true);
        try (ExecutorService writer = Executors.newSingleThreadExecutor()) {
            Future<?> writes = writer.submit(() -> {
                // answered once applied (j: false), as an append's steps: no commit between two writes
                MongoCollection<Document> steps = counters.withWriteConcern(WriteConcern.W1.withJournal(false));
                for (int v = 1; v <= 1500; v++) {
                    steps.updateOne(Filters.eq("_id", "r"), new Document("$set", fields(v)));
                }
                writing.set(false);
            });
            List<Long> torn = inParallel(2, () -> {
                List<Long> seen = new ArrayList<>();
                while (writing.get()) {
                    Document d = counters.find(Filters.eq("_id", "r")).first();
                    Set<Object> values = new HashSet<>();
                    for (int f = 0; f < FIELDS; f++) {
                        values.add(d.get("f" + f));
                    }
                    if (values.size() != 1) {
                        seen.add(d.getLong("f0"));
                    }
                }
                return seen;
            });
            writes.get(60, TimeUnit.SECONDS);
            assertThat(torn).as("reads that saw fields of two versions").isEmpty();
        }
    }

    /** {@code FIELDS} fields that all hold {@code value}: a reader seeing two values saw half an update. */
    private static Document fields(long value) {
        Document d = new Document();
        for (int f = 0; f < FIELDS; f++) {
            d.append("f" + f, value);
        }
        return d;
    }

    private static List<Long> inParallel(int threads, Supplier<List<Long>> work) throws Exception {
        List<Long> all = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<List<Long>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(work::get));
            }
            for (Future<List<Long>> f : futures) {
                all.addAll(f.get(120, TimeUnit.SECONDS));
            }
        }
        return all;
    }
}
