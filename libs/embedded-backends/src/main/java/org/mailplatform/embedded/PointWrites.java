package org.mailplatform.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import de.bwaldvogel.mongo.backend.DefaultQueryMatcher;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;

/**
 * Lets the embedded MongoDB use its {@code _id} index for a conditional write to one document.
 *
 * <p>mongo-java-server plans a query with an index only when the query names exactly that index's
 * fields. A write such as {@code update({_id: u, bytes: {$lte: 900}}, {$inc: ...})} (a quota
 * reservation, a UID allocation, a watermark move) names {@code _id} and a condition, so the server
 * scans the whole collection for it: with a thousand users every append batch scanned every quota
 * and mailbox document, under the lock all writes share. A real MongoDB serves it from the
 * {@code _id} index.
 *
 * <p>Such a write (one statement, {@code _id} equal to a plain value, no upsert, no multi, no sort,
 * an update of operators without a positional {@code $} path, no array filters, collation, hint or
 * variables) is narrowed here: the document is read by {@code _id}, the whole original query is matched against
 * it with the server's own matcher, and the write goes on with the query {@code {_id: value}} when it
 * matches, or with a query that matches nothing ({@code {_id: {$in: []}}}) when it does not, so the
 * server's own answer (counts, the document returned) is exactly what the full query would have
 * given. It runs under the write lock, so no other write comes between the read and the write.
 * Anything else is left as it is.
 */
final class PointWrites {

    private static final Document NOTHING = new Document("_id", new Document("$in", List.of()));

    /** Reads the document of {@code collection} with the given {@code _id}, or null. */
    interface Lookup {
        Document byId(String collection, Object id);
    }

    private final DefaultQueryMatcher matcher = new DefaultQueryMatcher();
    /** Writes narrowed so far (tests). */
    private final AtomicLong narrowed = new AtomicLong();

    long narrowed() {
        return narrowed.get();
    }

    /** {@code command} with its query narrowed to the {@code _id} index, or {@code command} itself. */
    Document narrow(Document command, Lookup lookup) {
        String name = command.keySet().stream().findFirst().orElse("").toLowerCase(Locale.ROOT);
        return switch (name) {
            case "update" -> narrowUpdate(command, lookup);
            case "findandmodify" -> narrowFindAndModify(command, lookup);
            default -> command;
        };
    }

    private Document narrowUpdate(Document command, Lookup lookup) {
        if (!(command.get("updates") instanceof List<?> updates) || updates.size() != 1
                || !(updates.getFirst() instanceof Document statement)
                || Utils.isTrue(statement.get("upsert")) || Utils.isTrue(statement.get("multi"))
                || hasAny(statement, "arrayFilters", "collation", "hint") || hasAny(command, "let")
                || !plainUpdate(statement.get("u"))
                || !(statement.get("q") instanceof Document query) || !narrowable(query)) {
            return command;
        }
        Document q = narrowedQuery(collection(command), query, lookup);
        if (q == null) {
            return command;
        }
        Document narrowed = new Document(statement);
        narrowed.put("q", q);
        Document copy = new Document(command);
        copy.put("updates", new ArrayList<>(List.of(narrowed)));
        return copy;
    }

    private Document narrowFindAndModify(Document command, Lookup lookup) {
        if (Utils.isTrue(command.get("upsert")) || hasAny(command, "sort", "arrayFilters", "collation", "hint", "let")
                || command.containsKey("update") && !plainUpdate(command.get("update"))
                || command.get("fields") instanceof Document fields && mentionsPositional(fields)
                || !(command.get("query") instanceof Document query) || !narrowable(query)) {
            return command;
        }
        Document q = narrowedQuery(collection(command), query, lookup);
        if (q == null) {
            return command;
        }
        Document copy = new Document(command);
        copy.put("query", q);
        return copy;
    }

    /**
     * {@code _id} equal to a plain value (no operator, no embedded document) and something more,
     * written flat ({@code {_id: v, bytes: ...}}, as Spring Data writes it) or as an {@code $and}
     * with {@code {_id: v}} among its terms (as the driver's {@code Filters.and} writes it).
     */
    private static boolean narrowable(Document query) {
        return query.size() > 1 && plainId(query) || query.size() == 1 && andId(query) != null;
    }

    private static boolean plainId(Document query) {
        Object id = query.get("_id");
        return id != null && !(id instanceof Document) && !(id instanceof List<?>)
                && !BsonRegularExpression.isRegularExpression(id);
    }

    /** The {@code _id} of an {@code $and} query with a term {@code {_id: v}}, or null. */
    private static Object andId(Document query) {
        if (query.get("$and") instanceof List<?> terms && terms.size() > 1) {
            for (Object term : terms) {
                if (term instanceof Document t && t.size() == 1 && plainId(t)) {
                    return t.get("_id");
                }
            }
        }
        return null;
    }

    /** The narrowed query; null when the server's matcher refuses the query (the command then goes as it is). */
    private Document narrowedQuery(String collection, Document query, Lookup lookup) {
        Object id = query.containsKey("_id") ? query.get("_id") : andId(query);
        Document current = lookup.byId(collection, id);
        boolean matches;
        try {
            matches = current != null && matcher.matches(current, query);
        } catch (RuntimeException unsupported) {
            return null; // the server answers it in its own way (e.g. a write error for $where)
        }
        narrowed.incrementAndGet();
        return matches ? new Document("_id", id) : new Document(NOTHING);
    }

    /** The collection a command names: the value of its first key. */
    private static String collection(Document command) {
        return String.valueOf(command.get(command.keySet().iterator().next()));
    }

    private static boolean hasAny(Document d, String... keys) {
        for (String key : keys) {
            if (d.containsKey(key)) {
                return true;
            }
        }
        return false;
    }

    /**
     * An update document ({@code $set}, {@code $inc} ...) none of whose paths has a positional
     * {@code $} segment: the positional operator refers to the array element the full query matched,
     * which the narrowed query no longer names. Pipelines and replacements are left alone too.
     */
    private static boolean plainUpdate(Object update) {
        if (!(update instanceof Document u) || u.isEmpty()) {
            return false;
        }
        for (Map.Entry<String, Object> op : u.entrySet()) {
            if (!op.getKey().startsWith("$") || !(op.getValue() instanceof Document fields) || mentionsPositional(fields)) {
                return false;
            }
        }
        return true;
    }

    private static boolean mentionsPositional(Document fields) {
        for (String path : fields.keySet()) {
            for (String segment : path.split("\\.")) {
                if (segment.startsWith("$")) {
                    return true;
                }
            }
        }
        return false;
    }
}
