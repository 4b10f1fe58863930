package org.mailplatform.embedded;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

/**
 * H2's {@link ObjectDataType} for the maps of mongo-java-server's unique indexes: keys ordered exactly
 * as H2 orders them, at a fraction of the cost, and written to the file compactly.
 *
 * <p>An index key ({@link KeyValue}, also of the {@code _id} index) is neither a type H2 knows nor
 * {@code Comparable}, so H2 compares two keys by Java-serialising both, at every step of every
 * binary search of every insert and update: a tenth of the samples of a delivery benchmark's
 * profile. Here the serialised bytes of recently compared keys are remembered in a small
 * direct-mapped table by object identity (the key searched for is the same object at every step of
 * its search, and the keys of the pages appends go to are compared again and again), and compared
 * with H2's own byte comparison: the same order, so a data file written before reads the same.
 *
 * <p>H2 also Java-serialises every key of a page each time it writes the page (every commit that
 * touches it) and deserialises them when it reads the page back: with 1,000 users' appends spread
 * over the index pages, 6 % and 4 % of a delivery benchmark's samples. A key whose values are all of
 * the plain types index keys are made of (strings, numbers, booleans, object ids, null) is written
 * as a tag no type of H2's uses, its value count and each value's type and bytes, and read back into
 * an equal key of the same value classes (so its Java serialisation, the order, is unchanged). Any
 * other key, and a key of a file written before, is H2's. A file written by this type can no longer
 * be opened by an earlier version (as with {@link DocumentType}).
 */
final class IndexKeyType extends ObjectDataType {

    /** Free in {@link ObjectDataType} (its tags are 0-14, 19, 32-49 and 64-119) and besides {@link DocumentType#BSON}. */
    static final byte COMPACT = 121;

    private static final int SLOTS = 1 << 13;

    private static final byte NULL = 0;
    private static final byte STRING = 1;
    private static final byte LONG = 2;
    private static final byte INTEGER = 3;
    private static final byte DOUBLE = 4;
    private static final byte FALSE = 5;
    private static final byte TRUE = 6;
    private static final byte OBJECT_ID = 7;

    /** One remembered key; immutable, so a slot read by another thread is whole or the previous one. */
    private record Serialized(KeyValue key, byte[] bytes) {
    }

    private final Serialized[] recent = new Serialized[SLOTS];

    /** Average compact size of the keys written, for H2's estimate of a page's memory. */
    private volatile int averageSize = 48;

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

    @Override
    public int getMemory(Object obj) {
        // H2 sizes its page cache and splits pages by these estimates; the Java-serialised keys it
        // would otherwise estimate from are never made here, so the estimate is ours: a key on the
        // heap (the key, its list, boxed values, string headers) takes a few times its compact bytes
        return obj instanceof KeyValue ? 3 * averageSize + 64 : super.getMemory(obj);
    }

    @Override
    public void write(WriteBuffer buff, Object obj) {
        if (obj instanceof KeyValue key && compactable(key)) {
            int start = buff.position();
            buff.put(COMPACT).putVarInt(key.size());
            for (Object value : key) {
                writeValue(buff, value);
            }
            averageSize = (buff.position() - start + 15 * averageSize) / 16;
            return;
        }
        super.write(buff, obj);
    }

    @Override
    public Object read(ByteBuffer buff) {
        if (buff.get(buff.position()) != COMPACT) {
            return super.read(buff);
        }
        buff.get();
        int size = DataUtils.readVarInt(buff);
        List<Object> values = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            values.add(readValue(buff));
        }
        return new KeyValue(values); // as the server makes its keys: the values copied into an ArrayList
    }

    /** Whether every value is of a class written compactly and read back as the same class. */
    static boolean compactable(KeyValue key) {
        for (Object value : key) {
            if (!(value == null || value instanceof String || value instanceof Long || value instanceof Integer
                    || value instanceof Double || value instanceof Boolean
                    || value.getClass() == ObjectId.class && ((ObjectId) value).toByteArray().length == 12)) {
                return false;
            }
        }
        return key.size() > 0;
    }

    private static void writeValue(WriteBuffer buff, Object value) {
        switch (value) {
            case null -> buff.put(NULL);
            case String s -> buff.put(STRING).putVarInt(s.length()).putStringData(s, s.length());
            case Long l -> buff.put(LONG).putLong(l);
            case Integer i -> buff.put(INTEGER).putInt(i);
            case Double d -> buff.put(DOUBLE).putLong(Double.doubleToRawLongBits(d));
            case Boolean b -> buff.put(b ? TRUE : FALSE);
            case ObjectId id -> buff.put(OBJECT_ID).put(id.toByteArray());
            default -> throw new IllegalArgumentException("not a compact index key value: " + value.getClass());
        }
    }

    private static Object readValue(ByteBuffer buff) {
        byte type = buff.get();
        return switch (type) {
            case NULL -> null;
            case STRING -> DataUtils.readString(buff, DataUtils.readVarInt(buff));
            case LONG -> Long.valueOf(buff.getLong());
            case INTEGER -> Integer.valueOf(buff.getInt());
            case DOUBLE -> Double.valueOf(Double.longBitsToDouble(buff.getLong()));
            case FALSE -> Boolean.FALSE;
            case TRUE -> Boolean.TRUE;
            case OBJECT_ID -> {
                byte[] id = new byte[12];
                buff.get(id);
                yield new ObjectId(id);
            }
            default -> throw new IllegalStateException("unknown compact index key value type " + type);
        };
    }
}
