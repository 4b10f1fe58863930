package org.mailplatform.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link PointWrites}: conditional writes to one document, narrowed to the {@code _id} index, give
 * exactly what the server gives when it scans for them. Two embedded servers, one narrowing and
 * one not, get the same random conditional updates and find-and-modifies through the real driver;
 * every answer and the final documents must be the same, and the narrowing one must have narrowed.
 */
class PointWritesTest {

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    private record Server(WriteSerializingBackend backend, MongoClient client, MongoCollection<Document> counters) {
    }

    private Server server(boolean narrow) {
        WriteSerializingBackend backend = new WriteSerializingBackend(new MemoryBackend(), () -> { }, narrow,
                (database, command) -> { });
        MongoClient client = LoopbackMongo.serve(backend, open);
        return new Server(backend, client, client.getDatabase("points").getCollection("counters"));
    }

    @Test
    void narrowedWritesAnswerExactlyAsScannedOnes() {
        Server narrowing = server(true);
        Server scanning = server(false);
        for (Server s : List.of(narrowing, scanning)) {
            for (int i = 0; i < 8; i++) {
                s.counters().insertOne(new Document("_id", "u" + i).append("bytes", 0L).append("messages", 0L)
                        .append("name", i % 2 == 0 ? "even" : "odd").append("tags", List.of("t" + i)));
            }
            s.counters().insertOne(new Document("_id", 42L).append("bytes", 0L).append("name", "number"));
        }
        Random random = new Random(7);
        for (int step = 0; step < 600; step++) {
            Object id = random.nextInt(12) == 0 ? 42L : "u" + random.nextInt(10); // u8, u9 do not exist
            long limit = random.nextInt(4000);
            long size = 1 + random.nextInt(300);
            int kind = random.nextInt(7);
            int tag = random.nextInt(3);
            List<Object> answers = new ArrayList<>();
            for (Server s : List.of(narrowing, scanning)) {
                answers.add(apply(s.counters(), kind, id, limit, size, tag));
            }
            assertThat(answers.get(0)).as("step %d, kind %d, id %s", step, kind, id).isEqualTo(answers.get(1));
        }
        assertThat(narrowing.counters().find().sort(Sorts.ascending("name", "bytes")).into(new ArrayList<>()))
                .isEqualTo(scanning.counters().find().sort(Sorts.ascending("name", "bytes")).into(new ArrayList<>()));
        assertThat(narrowing.backend().pointWritesNarrowed()).isGreaterThan(300);
        assertThat(scanning.backend().pointWritesNarrowed()).isZero();
    }

    @Test
    void writesItMustNotNarrowGoAsTheyAreAndAnswerAsTheServerDoes() {
        Server narrowing = server(true);
        Server scanning = server(false);
        List<Document> commands = List.of(
                // positional $: refers to the array element the full query matched
                update(new Document("_id", 1).append("items.x", 5), new Document("$set", new Document("items.$.y", 1)), null),
                // upsert given as a number, which the server takes as true
                update(new Document("_id", 7).append("a", 1), new Document("$set", new Document("b", 1)), 1),
                withArrayFilter(update(new Document("_id", 1).append("n", 0),
                        new Document("$set", new Document("items.$[e].z", 2)), null)),
                new Document("findAndModify", "counters").append("query", new Document("_id", 1).append("items.x", 3))
                        .append("update", new Document("$inc", new Document("items.$.x", 10))).append("new", true),
                // a query the matcher refuses: the server's own per-statement error
                update(new Document("_id", 1).append("$where", "true"), new Document("$set", new Document("w", 1)), null));
        for (Server s : List.of(narrowing, scanning)) {
            s.counters().insertOne(new Document("_id", 1).append("n", 0)
                    .append("items", List.of(new Document("x", 3), new Document("x", 5))));
        }
        for (Document command : commands) {
            List<String> answers = new ArrayList<>();
            for (Server s : List.of(narrowing, scanning)) {
                try {
                    Document reply = s.client().getDatabase("points").runCommand(command);
                    reply.remove("$clusterTime");
                    reply.remove("operationTime");
                    answers.add(reply.toJson());
                } catch (RuntimeException e) {
                    answers.add(e.getClass().getSimpleName());
                }
            }
            assertThat(answers.get(0)).as("%s", command.toJson()).isEqualTo(answers.get(1));
        }
        assertThat(narrowing.counters().find().sort(Sorts.ascending("_id")).into(new ArrayList<>()))
                .isEqualTo(scanning.counters().find().sort(Sorts.ascending("_id")).into(new ArrayList<>()));
        assertThat(narrowing.backend().pointWritesNarrowed()).isZero();
    }

    private static Document withArrayFilter(Document update) {
        ((Document) update.getList("updates", Document.class).getFirst()).append("arrayFilters",
                List.of(new Document("e.x", 5)));
        return update;
    }

    private static Document update(Document q, Document u, Object upsert) {
        Document statement = new Document("q", q).append("u", u);
        if (upsert != null) {
            statement.append("upsert", upsert);
        }
        return new Document("update", "counters").append("updates", List.of(statement));
    }

    /** One write; its answer as a comparable value. */
    private static Object apply(MongoCollection<Document> c, int kind, Object id, long limit, long size, int tag) {
        Bson inc = Updates.combine(Updates.inc("bytes", size), Updates.inc("messages", 1L));
        return switch (kind) {
            // a quota reservation: _id and a limit, flat as Spring Data writes it
            case 0 -> counts(c.updateOne(new Document("_id", id).append("bytes", new Document("$lte", limit)), inc));
            // a watermark move: _id and an exact value
            case 1 -> counts(c.updateOne(new Document("_id", id).append("messages", limit % 5),
                    Updates.set("moved", limit)));
            // a UID allocation with an owner check, the new document returned ($and, as Filters.and writes it)
            case 2 -> String.valueOf(c.findOneAndUpdate(Filters.and(Filters.eq("_id", id),
                    Filters.eq("name", tag == 0 ? "even" : "odd")), inc,
                    new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)));
            // conditions on arrays and with $or
            case 3 -> counts(c.updateOne(new Document("_id", id).append("$or", List.of(new Document("tags", "t" + tag),
                    new Document("bytes", new Document("$gt", limit)))), Updates.push("seen", tag)));
            // left as they are: an upsert, a multi-document update, a sorted find-and-modify
            case 4 -> counts(c.updateOne(Filters.and(Filters.eq("_id", id), Filters.lte("bytes", limit)), inc,
                    new UpdateOptions().upsert(false)));
            case 5 -> counts(c.updateMany(Filters.and(Filters.eq("name", "odd"), Filters.lte("bytes", limit)),
                    Updates.inc("sweeps", 1)));
            default -> String.valueOf(c.findOneAndUpdate(new Document("_id", id).append("bytes", new Document("$lte", limit)),
                    inc, new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE)));
        };
    }

    private static String counts(UpdateResult r) {
        return r.getMatchedCount() + "/" + r.getModifiedCount();
    }
}
