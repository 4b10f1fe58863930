package org.mailplatform.embedded;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;

/**
 * A non-unique index for mongo-java-server, which has none of its own: it accepts a non-unique
 * {@code createIndex} and then scans the whole collection for every query. The mailbox store's
 * reads of one mailbox ({@code {mailboxId: m, uid: {$lt: n}, ...}}, served by the
 * {@code (mailboxId, modSeq)} index on a real MongoDB) scanned every message of every user, so a
 * POP3 login or an IMAP SELECT cost the embedded server time in proportion to the whole platform's
 * mail.
 *
 * <p>The keys are kept in memory in MongoDB's order of values, each with the positions and
 * {@code _id}s of its documents; a file-backed server rebuilds them when it opens the collection
 * (the server adds every stored document to an empty index). A query is served when it sets the
 * index's first fields to plain values, or the field after them to a value, a set or a bound
 * ({@link KeyBounds}); the server then matches every document found against the whole query, as
 * it does for its unique indexes, so an index only has to find a superset of the matches. Arrays
 * are indexed by element, as MongoDB's multikey indexes are. Every method runs under the lock of
 * the index, which the server's collection lock already serialises.
 */
final class SecondaryIndex<P> extends Index<P> {

    /** Below and above every value, for the open ends of a range. */
    private enum Edge { LOW, HIGH }

    private static final Comparator<Object> VALUES = ValueComparator.asc();

    private static final Comparator<KeyValue> ORDER = (a, b) -> {
        for (int i = 0; i < a.size(); i++) {
            int c = compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    };

    /** A document under one key: its position in the collection and its {@code _id} (for a removal). */
    private record Entry<P>(Object id, P position) {
    }

    private final String idField;
    private final List<String> fields;
    private final NavigableMap<KeyValue, List<Entry<P>>> keys = new TreeMap<>(ORDER);
    private long entries;
    /** Whether a document was ever under several keys (an array among its fields): results then need deduplicating. */
    private boolean multikey;
    /** Queries served so far (tests). */
    private final AtomicLong served = new AtomicLong();

    SecondaryIndex(String name, List<IndexKey> keys, boolean sparse, String idField) {
        super(name, keys, sparse);
        this.idField = idField;
        this.fields = List.copyOf(keys());
    }

    long served() {
        return served.get();
    }

    private static int compare(Object a, Object b) {
        if (a instanceof Edge ea) {
            return b instanceof Edge eb ? ea.compareTo(eb) : ea == Edge.LOW ? -1 : 1;
        }
        if (b instanceof Edge eb) {
            return eb == Edge.LOW ? 1 : -1;
        }
        return VALUES.compare(a, b);
    }

    /** A query value as the server normalises stored values for its index keys (numbers as doubles, -0 as 0). */
    static Object normalized(Object value) {
        if (value instanceof Long l && l.longValue() != (long) l.doubleValue()) {
            return l; // as mongo-java-server keeps a long that a double cannot hold
        }
        if (value instanceof Number n) {
            double d = n.doubleValue();
            return d == 0 ? 0.0 : d;
        }
        return value;
    }

    /** The keys of {@code document}: one per array element; a document without them under nulls. */
    private Set<KeyValue> keysOf(Document document) {
        Set<KeyValue> found = getKeyValues(document);
        if (found.isEmpty()) { // an empty array: still removable later
            List<Object> nulls = new ArrayList<>();
            fields.forEach(k -> nulls.add(null));
            return Set.of(new KeyValue(nulls));
        }
        return found;
    }

    private boolean skipped(Set<KeyValue> keyValues) {
        return isSparse() && keyValues.stream().allMatch(k -> k.stream().allMatch(Objects::isNull));
    }

    @Override
    public P getPosition(Document document) {
        return null; // not unique: the _id index answers where a document is
    }

    @Override
    public synchronized void checkAdd(Document document, MongoCollection<P> collection) {
        keysOf(document); // refuses parallel arrays, as MongoDB does
    }

    @Override
    public synchronized void add(Document document, P position, MongoCollection<P> collection) {
        Set<KeyValue> keyValues = keysOf(document);
        if (skipped(keyValues)) {
            return;
        }
        put(keyValues, document.get(idField), position);
    }

    private void put(Set<KeyValue> keyValues, Object id, P position) {
        multikey |= keyValues.size() > 1;
        for (KeyValue key : keyValues) {
            keys.computeIfAbsent(key, k -> new ArrayList<>(1)).add(new Entry<>(id, position));
            entries++;
        }
    }

    @Override
    public synchronized P remove(Document document) {
        Object id = document.get(idField);
        P removed = null;
        for (KeyValue key : keysOf(document)) {
            P p = removeEntry(key, e -> Objects.equals(e.id(), id));
            removed = p != null ? p : removed;
        }
        return removed;
    }

    private P removeEntry(KeyValue key, java.util.function.Predicate<Entry<P>> which) {
        List<Entry<P>> at = keys.get(key);
        if (at == null) {
            return null;
        }
        for (int i = 0; i < at.size(); i++) {
            if (which.test(at.get(i))) {
                P position = at.remove(i).position();
                entries--;
                if (at.isEmpty()) {
                    keys.remove(key);
                }
                return position;
            }
        }
        return null;
    }

    @Override
    public synchronized boolean canHandle(Document query) {
        return KeyBounds.of(query, fields).isPresent();
    }

    @Override
    public synchronized Iterable<P> getPositions(Document query) {
        KeyBounds bounds = KeyBounds.of(query, fields).orElseThrow();
        served.incrementAndGet();
        List<P> out = new ArrayList<>();
        switch (bounds.last()) {
            case null -> collect(bounds.equal(), Edge.LOW, Edge.HIGH, out);
            case KeyBounds.AnyOf(List<Object> values) -> {
                List<Object> distinct = new ArrayList<>(values);
                distinct.sort(SecondaryIndex::compare);
                Object previous = null;
                for (Object v : distinct) {
                    if (previous == null || compare(previous, v) != 0) {
                        collect(with(bounds.equal(), v), Edge.LOW, Edge.HIGH, out);
                    }
                    previous = v;
                }
            }
            case KeyBounds.From(Object bound) -> collect(bounds.equal(), bound, Edge.HIGH, out);
            case KeyBounds.UpTo(Object bound) -> collect(bounds.equal(), Edge.LOW, bound, out);
        }
        // a document with an array among its keys is under several keys, and is matched once
        return multikey ? new ArrayList<>(new LinkedHashSet<>(out)) : out;
    }

    private static List<Object> with(List<Object> equal, Object next) {
        List<Object> out = new ArrayList<>(equal);
        out.add(next);
        return out;
    }

    /** The positions under the keys starting with {@code prefix}, the next field from {@code from} to {@code to}. */
    private void collect(List<Object> prefix, Object from, Object to, List<P> out) {
        int width = fields.size();
        KeyValue low = bound(prefix, from, Edge.LOW, width);
        KeyValue high = bound(prefix, to, Edge.HIGH, width);
        for (List<Entry<P>> at : keys.subMap(low, true, high, true).values()) {
            for (Entry<P> e : at) {
                out.add(e.position());
            }
        }
    }

    private static KeyValue bound(List<Object> prefix, Object next, Edge rest, int width) {
        List<Object> values = new ArrayList<>(prefix);
        if (values.size() < width) {
            values.add(next);
        }
        while (values.size() < width) {
            values.add(rest);
        }
        return new KeyValue(values);
    }

    @Override
    public synchronized long getCount() {
        return entries;
    }

    @Override
    public synchronized long getDataSize() {
        return entries * 64; // an estimate: the server reports it in collection stats only
    }

    @Override
    public synchronized void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<P> collection) {
        keysOf(newDocument);
    }

    @Override
    public synchronized void updateInPlace(Document oldDocument, Document newDocument, P position,
                                           MongoCollection<P> collection) {
        Set<KeyValue> before = keysOf(oldDocument);
        Set<KeyValue> after = keysOf(newDocument);
        if (before.equals(after)) {
            return;
        }
        for (KeyValue key : before) {
            removeEntry(key, e -> Objects.equals(e.position(), position));
        }
        if (skipped(after)) {
            return;
        }
        put(after, newDocument.get(idField), position);
    }

    @Override
    public synchronized void drop() {
        keys.clear();
        entries = 0;
    }
}
