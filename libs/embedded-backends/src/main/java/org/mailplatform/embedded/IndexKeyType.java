package org.mailplatform.embedded;

import de.bwaldvogel.mongo.backend.KeyValue;
import org.h2.mvstore.type.ObjectDataType;

/**
 * H2's {@link ObjectDataType} for the maps of mongo-java-server's unique indexes, ordering their keys
 * exactly as H2 does at a fraction of the cost.
 *
 * <p>An index key ({@link KeyValue}, also of the {@code _id} index) is neither a type H2 knows nor
 * {@code Comparable}, so H2 compares two keys by Java-serialising both, at every step of every
 * binary search of every insert and update: a tenth of the samples of a delivery benchmark's
 * profile. Here the serialised bytes of recently compared keys are remembered in a small
 * direct-mapped table by object identity (the key searched for is the same object at every step of
 * its search, and the keys of the pages appends go to are compared again and again), and compared
 * with H2's own byte comparison: the same order, so a data file written before reads the same.
 * Everything else (other keys, reading and writing pages) is H2's.
 */
final class IndexKeyType extends ObjectDataType {

    private static final int SLOTS = 1 << 13;

    /** One remembered key; immutable, so a slot read by another thread is whole or the previous one. */
    private record Serialized(KeyValue key, byte[] bytes) {
    }

    private final Serialized[] recent = new Serialized[SLOTS];

    @Override
    public int compare(Object a, Object b) {
        if (a instanceof KeyValue x && b instanceof KeyValue y) {
            return x == y ? 0 : Integer.signum(compareNotNull(bytes(x), bytes(y)));
        }
        return super.compare(a, b);
    }

    private byte[] bytes(KeyValue key) {
        int slot = System.identityHashCode(key) & (SLOTS - 1);
        Serialized s = recent[slot];
        if (s != null && s.key() == key) {
            return s.bytes();
        }
        byte[] bytes = serialize(key);
        recent[slot] = new Serialized(key, bytes);
        return bytes;
    }
}
