package org.mailplatform.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.bson.Document;

/**
 * Replies of the embedded server that hold each document as the command saw it.
 *
 * <p>mongo-java-server's memory and H2 backends change a stored document in place (an update puts
 * each changed top-level field into the stored object) and put that same object into a reply,
 * which Netty encodes after the collection's lock is released. A write in between changed the
 * reply: two concurrent {@code $inc} find-and-modifies both answered the second value (two appends
 * got the same UIDs, and one waited out the order timeout), and a read could encode half an
 * update. So each document of a reply is copied while nothing can write it: a write's reply under
 * the write lock ({@link WriteSerializingBackend}), a read's within its collection's lock, which the
 * read holds from its query to the copy (the backends' collection methods lock the collection
 * object itself, so holding it around the command makes the query and the copy one step).
 *
 * <p>A copy of the top level is enough: the backends replace a changed field's value with a new
 * object built from a deep clone and never change a stored nested value, so only the top-level map
 * of a stored document changes.
 *
 * <p>A {@code getMore} copies, under the lock, the documents its cursor kept from the query: they
 * are read as they are then, whole, as MongoDB's later batches also show documents as they are
 * when the batch is read.
 */
final class ConsistentReplies {

    private ConsistentReplies() {
    }

    /**
     * Runs the read command {@code command} of {@code body} within its collection's lock, when it
     * reads one (find, aggregate, getMore), and returns its reply with copies of its documents.
     */
    static Document read(MongoBackend backend, String database, String command, Document body, Supplier<Document> run) {
        MongoCollection<?> collection = readsFrom(backend, database, command, body);
        if (collection == null) {
            return detached(run.get());
        }
        synchronized (collection) {
            return detached(run.get());
        }
    }

    /**
     * {@code reply} with copies of the documents it holds: a find-and-modify's {@code value}, a
     * cursor's batch.
     */
    static Document detached(Document reply) {
        if (reply == null) {
            return null;
        }
        if (reply.get("value") instanceof Document value) {
            reply.put("value", new Document(value));
        }
        if (reply.get("cursor") instanceof Document cursor) {
            copyBatch(cursor, "firstBatch");
            copyBatch(cursor, "nextBatch");
        }
        return reply;
    }

    private static void copyBatch(Document cursor, String field) {
        if (cursor.get(field) instanceof List<?> batch) {
            List<Object> copies = new ArrayList<>(batch.size());
            for (Object o : batch) {
                copies.add(o instanceof Document d ? new Document(d) : o);
            }
            cursor.put(field, copies);
        }
    }

    /** The existing collection a find, aggregate or getMore reads; null for other commands. */
    private static MongoCollection<?> readsFrom(MongoBackend backend, String database, String command, Document body) {
        if (command == null || database == null) {
            return null;
        }
        Object name = switch (command.toLowerCase(Locale.ROOT)) {
            case "find", "aggregate" -> body.get(command);
            case "getmore" -> body.get("collection");
            default -> null;
        };
        // system collections are left alone: the server changes them while holding the database's
        // lock, which a read holding a collection's lock may ask for
        if (!(name instanceof String collection) || collection.startsWith("system.")) {
            return null;
        }
        try {
            MongoDatabase db = backend.resolveDatabase(database);
            return db == null ? null : db.resolveCollection(collection, false);
        } catch (RuntimeException unknown) {
            // a name the server refuses: the command itself answers with the server's error
            return null;
        }
    }
}
