package org.mailplatform.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SecondaryIndex}: a server whose non-unique indexes are kept answers every query exactly as
 * the stock server does by scanning. Both get the same random documents (arrays, missing fields,
 * nulls, numbers of every type), updates that move index keys and deletions, through the real
 * driver, and the same random queries, those the index can serve and those it must leave to the
 * scan; every answer must be the same, and the index must have served many of them.
 */
class SecondaryIndexTest {

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();
    private final List<SecondaryIndex<?>> made = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    private MongoCollection<Document> collection(MongoBackend backend) {
        MongoClient client = LoopbackMongo.serve(new WriteSerializingBackend(backend, () -> { }), open);
        MongoCollection<Document> docs = client.getDatabase("indexed").getCollection("docs");
        docs.createIndex(Indexes.ascending("a", "b"), new IndexOptions().name("a_b"));
        docs.createIndex(Indexes.ascending("c"), new IndexOptions().name("c"));
        docs.createIndex(Indexes.ascending("s"), new IndexOptions().name("s").sparse(true));
        return docs;
    }

    @Test
    void answersEveryQueryAsTheScanningServerDoes() {
        MongoCollection<Document> indexed = collection(IndexedBackends.memory(made::add));
        MongoCollection<Document> scanning = collection(new MemoryBackend());
        assertThat(made).hasSize(3);
        Random random = new Random(11);
        int nextId = 0;
        for (int step = 0; step < 2500; step++) {
            int kind = random.nextInt(10);
            if (kind < 4) {
                Document d = document(nextId++, random);
                indexed.insertOne(new Document(d));
                scanning.insertOne(new Document(d));
            } else if (kind == 4) {
                Bson filter = filter(random);
                // no arrays: a document may have one in a or in b, never both (MongoDB refuses parallel arrays)
                Bson update = random.nextBoolean() ? Updates.set("a", "p".repeat(1 + random.nextInt(2)))
                        : Updates.set("b", number(random.nextInt(6), random));
                assertThat(indexed.updateMany(filter, update).getModifiedCount()).as("update %s", filter)
                        .isEqualTo(scanning.updateMany(filter, update).getModifiedCount());
            } else if (kind == 5) {
                Bson filter = filter(random);
                Bson unset = Updates.unset(random.nextBoolean() ? "s" : "c");
                indexed.updateMany(filter, unset);
                scanning.updateMany(filter, unset);
            } else if (kind == 6 && random.nextInt(4) == 0) {
                Bson filter = filter(random);
                assertThat(indexed.deleteMany(filter).getDeletedCount()).as("delete %s", filter)
                        .isEqualTo(scanning.deleteMany(filter).getDeletedCount());
            } else {
                Bson filter = filter(random);
                assertThat(all(indexed, filter)).as("step %d: %s", step, filter).isEqualTo(all(scanning, filter));
                assertThat(indexed.countDocuments(filter)).isEqualTo(scanning.countDocuments(filter));
            }
        }
        assertThat(all(indexed, new Document())).isEqualTo(all(scanning, new Document()));
        long served = made.stream().mapToLong(SecondaryIndex::served).sum();
        assertThat(served).as("queries and writes the indexes served").isGreaterThan(1000);
    }

    /** A long that no double can hold stays a long in the server's keys, and a query for it must find it. */
    @Test
    void findsLongsThatADoubleCannotHold() {
        MongoCollection<Document> indexed = collection(IndexedBackends.memory(made::add));
        MongoCollection<Document> scanning = collection(new MemoryBackend());
        long big = (1L << 53) + 1;
        for (MongoCollection<Document> c : List.of(indexed, scanning)) {
            for (long b = big - 2; b <= big + 2; b++) {
                c.insertOne(new Document("_id", (int) (b - big)).append("a", "p").append("b", b));
            }
        }
        for (Bson filter : List.of(Filters.and(Filters.eq("a", "p"), Filters.eq("b", big)),
                Filters.and(Filters.eq("a", "p"), Filters.gte("b", big)),
                Filters.and(Filters.eq("a", "p"), Filters.in("b", big, big + 2)))) {
            assertThat(all(indexed, filter)).as("%s", filter).isEqualTo(all(scanning, filter)).isNotEmpty();
        }
        assertThat(made.stream().mapToLong(SecondaryIndex::served).sum()).isPositive();
    }

    @Test
    void aFileBackedServerRebuildsItsIndexesWhenItOpensAgain() {
        Path file = dir.resolve("mongo.mv");
        List<Document> expected = new ArrayList<>();
        try (Opened first = persistent(file)) {
            for (int i = 0; i < 300; i++) {
                Document d = new Document("_id", i).append("a", "m" + i % 3).append("b", (long) i);
                first.docs().insertOne(d);
                expected.add(d);
            }
        }
        made.clear();
        try (Opened again = persistent(file)) {
            Bson mailbox = Filters.and(Filters.eq("a", "m1"), Filters.lt("b", 100L));
            assertThat(all(again.docs(), mailbox)).isEqualTo(expected.stream()
                    .filter(d -> d.get("a").equals("m1") && d.getLong("b") < 100).toList());
            assertThat(made.stream().mapToLong(SecondaryIndex::served).sum()).isPositive();
            // the rebuilt keys lead to the stored documents: removals and key changes find them
            assertThat(again.docs().deleteMany(Filters.eq("a", "m2")).getDeletedCount()).isEqualTo(100);
            again.docs().updateMany(Filters.eq("a", "m0"), Updates.set("a", "m2"));
            assertThat(all(again.docs(), Filters.eq("a", "m2"))).extracting(d -> d.getInteger("_id"))
                    .containsExactlyElementsOf(expected.stream().filter(d -> d.get("a").equals("m0"))
                            .map(d -> d.getInteger("_id")).toList());
            assertThat(again.docs().countDocuments(Filters.eq("a", "m0"))).isZero();
        }
    }

    private record Opened(MongoServer server, WriteSerializingBackend backend, MongoClient client,
                          MongoCollection<Document> docs) implements AutoCloseable {
        @Override
        public void close() {
            client.close();
            server.shutdownNow();
            backend.closeData();
        }
    }

    /** A file-backed server as {@link EmbeddedMongo#persistent} makes it, handing its secondary indexes to {@link #made}. */
    private Opened persistent(Path file) {
        MVStore store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
        H2Maps maps = new H2Maps(store);
        H2Backend h2 = IndexedBackends.h2(store, made::add);
        WriteSerializingBackend backend = new WriteSerializingBackend(h2, h2::commit, true, maps::prepare);
        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", 0);
        MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
        MongoCollection<Document> docs = client.getDatabase("indexed").getCollection("docs");
        docs.createIndex(Indexes.ascending("a", "b"), new IndexOptions().name("a_b"));
        return new Opened(server, backend, client, docs);
    }

    private static List<Document> all(MongoCollection<Document> c, Bson filter) {
        return c.find(filter).sort(Sorts.ascending("_id")).into(new ArrayList<>());
    }

    private static Document document(int id, Random random) {
        Document d = new Document("_id", id);
        putMaybe(d, "a", random, () -> value(random));
        boolean arrayInA = d.get("a") instanceof List<?>;
        putMaybe(d, "b", random, () -> !arrayInA && random.nextInt(4) == 0
                ? List.of(random.nextInt(6), random.nextInt(6)) : number(random.nextInt(6), random));
        putMaybe(d, "c", random, () -> new Date(1_000_000L * random.nextInt(20)));
        if (random.nextInt(3) == 0) {
            d.append("s", "s" + random.nextInt(3));
        }
        d.append("x", random.nextInt(4));
        return d;
    }

    private static void putMaybe(Document d, String key, Random random, Supplier<Object> value) {
        int r = random.nextInt(10);
        if (r == 0) {
            d.append(key, null);
        } else if (r > 1) {
            d.append(key, value.get());
        }
    }

    /** A value of field a: strings, numbers of all kinds, arrays (multikey), an empty array. */
    private static Object value(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> List.of("p", "q");
            case 1 -> number(random.nextInt(3), random);
            case 2 -> List.of();
            case 3 -> true;
            default -> "p".repeat(1 + random.nextInt(2)) + (random.nextBoolean() ? "" : "q");
        };
    }

    private static Object number(int n, Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> n;
            case 1 -> (long) n;
            default -> (double) n;
        };
    }

    private static Bson filter(Random random) {
        Object a = random.nextInt(4) == 0 ? number(random.nextInt(3), random) : "p".repeat(1 + random.nextInt(2));
        Object b = number(random.nextInt(6), random);
        return switch (random.nextInt(14)) {
            case 0 -> Filters.eq("a", a);
            case 1 -> Filters.and(Filters.eq("a", a), Filters.eq("b", b));
            case 2 -> Filters.and(Filters.eq("a", a), Filters.lt("b", b));
            case 3 -> Filters.and(Filters.eq("a", a), Filters.gte("b", b), Filters.lte("b", number(random.nextInt(6), random)));
            case 4 -> new Document("a", a).append("b", new Document("$in", List.of(b, number(random.nextInt(6), random))))
                    .append("x", new Document("$lt", 3));
            case 5 -> Filters.in("a", "p", "pp", number(1, random));
            case 6 -> Filters.gt("c", new Date(1_000_000L * random.nextInt(20)));
            case 7 -> Filters.eq("s", "s" + random.nextInt(3));
            case 8 -> Filters.or(Filters.eq("a", a), Filters.eq("b", b)); // left to the scan
            case 9 -> Filters.eq("a", null); // matches missing fields: left to the scan
            case 10 -> Filters.and(Filters.eq("a", a), Filters.ne("b", b));
            case 11 -> new Document("a", new Document("$eq", a)).append("b", new Document("$gt", b).append("$lt", 2));
            case 12 -> Filters.and(Filters.exists("s", false), Filters.eq("a", a));
            default -> Filters.eq("a", List.of("p", "q")); // a whole array: left to the scan
        };
    }
}
