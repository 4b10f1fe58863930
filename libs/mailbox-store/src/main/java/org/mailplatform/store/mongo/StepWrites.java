package org.mailplatform.store.mongo;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * How the writes an append or a copy makes before its last one (the quota reservation, the UID
 * allocation, the insert of the documents) are acknowledged. The operation promises durability only
 * with its last write, the watermark move of {@link VisibilityGate}, which keeps the connection's
 * write concern.
 *
 * <p>On a single server ({@link #forServer}: no replica set, no mongos, as the embedded server of
 * standalone and the benchmarks) the steps ask for {@code j: false}: the server's log is one
 * sequence, so the durable last write makes every write acknowledged before it durable too, and a
 * crash before it loses the steps together with the unanswered operation (an append is then
 * redelivered or retried by its client). The embedded server then commits its file once per append
 * instead of once per write.
 *
 * <p>On a replica set the steps keep the connection's write concern ({@code w: majority} by
 * default): a step acknowledged by one member only could be rolled back by a failover while the
 * last write, made on the new primary, succeeds, and the appended message would be lost.
 *
 * @param mongo    the store's template
 * @param template a template whose updates and inserts ask for the steps' write concern
 * @param concern  the steps' write concern, or null for the connection's
 */
record StepWrites(MongoTemplate mongo, MongoTemplate template, WriteConcern concern) {

    /** Unacknowledged by the journal: the steps' write concern on a single server. */
    static final WriteConcern UNJOURNALED = WriteConcern.W1.withJournal(false);

    /** The steps for the server {@code mongo} talks to, asked once (a {@code hello}). */
    static StepWrites forServer(MongoTemplate mongo) {
        Document hello = hello(mongo);
        boolean replicated = hello.containsKey("setName") || "isdbgrid".equals(hello.getString("msg"));
        return replicated ? durable(mongo) : unjournaled(mongo);
    }

    /** {@code hello}, or {@code isMaster} from a server before MongoDB 4.4 (or the embedded one). */
    private static Document hello(MongoTemplate mongo) {
        try {
            return mongo.executeCommand(new Document("hello", 1));
        } catch (org.springframework.dao.DataAccessException noHello) {
            return mongo.executeCommand(new Document("isMaster", 1));
        }
    }

    /** Steps with the connection's write concern, like every other write. */
    static StepWrites durable(MongoTemplate mongo) {
        return new StepWrites(mongo, mongo, null);
    }

    static StepWrites unjournaled(MongoTemplate mongo) {
        MongoTemplate steps = new MongoTemplate(mongo.getMongoDatabaseFactory(), mongo.getConverter());
        steps.setWriteConcern(UNJOURNALED);
        return new StepWrites(mongo, steps, UNJOURNALED);
    }

    /**
     * {@code collection} of the store's template with the steps' write concern. (The template's own
     * findAndModify and insertMany leave a template's write concern out; use the driver's call.)
     */
    MongoCollection<Document> collection(String collection) {
        MongoCollection<Document> c = mongo.getCollection(collection);
        return concern == null ? c : c.withWriteConcern(concern);
    }
}
