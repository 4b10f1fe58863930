package org.mailplatform.embedded;

import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;

/**
 * What a query asks of the leading fields of an index ({@link SecondaryIndex}): plain values for
 * the first fields, then, for the next one, a value, a set of values or one bound of a range.
 *
 * <p>Only conditions every matching document must meet are taken: the query's own fields and those
 * of its {@code $and} terms, never a branch of an {@code $or}. Of several conditions on one field
 * one is kept: an array field meets {@code {$gt: 5, $lt: 3}} with two different elements, so the
 * two bounds must not be intersected; each alone still holds for some element. So the documents the
 * bounds select are a superset of those the query matches, and the server matches each against the
 * whole query afterwards. Values are plain ones only (strings, numbers, booleans, dates, object
 * ids): {@code null} also matches a missing field, a document or a list compares as a whole, a
 * regular expression is not an order, and those are left to the scan.
 *
 * @param equal the values of the index's first fields, in order (at least one, or a {@code last})
 * @param last  what is asked of the field after them, or null
 */
record KeyBounds(List<Object> equal, Last last) {

    /** What is asked of the field after the equal ones. */
    sealed interface Last {
    }

    /** One of these values (an {@code $in}). */
    record AnyOf(List<Object> values) implements Last {
    }

    /** At least (or above) {@code bound}. */
    record From(Object bound) implements Last {
    }

    /** At most (or below) {@code bound}. */
    record UpTo(Object bound) implements Last {
    }

    /** The bounds {@code query} sets on the fields {@code keys} of an index, if it sets any. */
    static Optional<KeyBounds> of(Document query, List<String> keys) {
        Map<String, Object> conditions = new LinkedHashMap<>();
        collect(query, conditions);
        List<Object> equal = new ArrayList<>();
        for (String key : keys) {
            Object condition = conditions.get(key);
            Object value = condition instanceof Document d ? d.get("$eq") : condition;
            if (!plain(value)) {
                Last last = condition instanceof Document d ? last(d) : null;
                return equal.isEmpty() && last == null ? Optional.empty() : Optional.of(new KeyBounds(equal, last));
            }
            equal.add(SecondaryIndex.normalized(value));
        }
        return Optional.of(new KeyBounds(equal, null));
    }

    /** The conditions of a query and of its {@code $and} terms, the first one per field. */
    private static void collect(Document query, Map<String, Object> conditions) {
        for (Map.Entry<String, Object> e : query.entrySet()) {
            if (e.getKey().equals("$and") && e.getValue() instanceof List<?> terms) {
                for (Object term : terms) {
                    if (term instanceof Document t) {
                        collect(t, conditions);
                    }
                }
            } else if (!e.getKey().startsWith("$")) {
                Object known = conditions.get(e.getKey());
                // an equality is the narrowest; otherwise the first condition stays
                if (known == null || !plain(known) && plain(e.getValue())) {
                    conditions.put(e.getKey(), e.getValue());
                }
            }
        }
    }

    /** An {@code $in} of plain values, else the lower bound, else the upper one, of a field's operators. */
    private static Last last(Document operators) {
        if (operators.get("$in") instanceof List<?> values && !values.isEmpty()
                && values.stream().allMatch(KeyBounds::plain)) {
            return new AnyOf(values.stream().map(SecondaryIndex::normalized).toList());
        }
        for (String op : List.of("$gte", "$gt")) {
            Object bound = operators.get(op);
            if (plain(bound)) {
                return new From(SecondaryIndex.normalized(bound));
            }
        }
        for (String op : List.of("$lte", "$lt")) {
            Object bound = operators.get(op);
            if (plain(bound)) {
                return new UpTo(SecondaryIndex.normalized(bound));
            }
        }
        return null;
    }

    /** A value an index can look up: one that compares as itself and never matches a missing field. */
    static boolean plain(Object value) {
        return value instanceof String || value instanceof Boolean || value instanceof ObjectId
                || value instanceof Date || value instanceof java.time.Instant
                || value instanceof Number n && !Double.isNaN(n.doubleValue());
    }
}
