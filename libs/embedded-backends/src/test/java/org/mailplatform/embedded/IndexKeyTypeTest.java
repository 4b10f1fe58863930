package org.mailplatform.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link IndexKeyType}: keys written compactly come back equal, of the same value classes and with the
 * same Java serialisation (the order H2 keeps them in); index maps written by H2's own type (a file of
 * an earlier version) read and grow as before; keys of other values are still stored.
 */
class IndexKeyTypeTest {

    @TempDir
    Path dir;

    private static final ObjectDataType H2 = new ObjectDataType();

    private static List<KeyValue> keys() {
        return List.of(
                new KeyValue("demo/alice/inbound-1"),
                new KeyValue("mbx-1", 42L),
                new KeyValue("mbx-1", Long.MIN_VALUE),
                new KeyValue("ünïcödé ✉ \u0000 \uD83D\uDCE7", 7),
                new KeyValue(-0.0d, Double.NaN, Double.POSITIVE_INFINITY, 1.5d),
                new KeyValue(true, false),
                new KeyValue(new ObjectId(), "x"),
                new KeyValue(Arrays.asList(null, "after null")),
                new KeyValue(""),
                new KeyValue("a".repeat(70_000)));
    }

    private static Object roundTrip(IndexKeyType type, Object key) {
        WriteBuffer out = new WriteBuffer();
        type.write(out, key);
        ByteBuffer in = out.getBuffer();
        in.flip();
        Object back = type.read(in);
        assertThat(in.remaining()).as("bytes left after %s", key).isZero();
        return back;
    }

    @Test
    void compactKeysComeBackEqualWithTheSameJavaSerialisation() {
        IndexKeyType type = new IndexKeyType();
        for (KeyValue key : keys()) {
            assertThat(IndexKeyType.compactable(key)).as("compactable %s", key).isTrue();
            WriteBuffer out = new WriteBuffer();
            type.write(out, key);
            assertThat(out.getBuffer().get(0)).isEqualTo(IndexKeyType.COMPACT);
            Object back = roundTrip(type, key);
            assertThat(back).isEqualTo(key);
            KeyValue k = (KeyValue) back;
            for (int i = 0; i < key.size(); i++) {
                assertThat(k.get(i) == null ? null : k.get(i).getClass())
                        .isEqualTo(key.get(i) == null ? null : key.get(i).getClass());
            }
            // the order of an index map is the order of these bytes: a key read back must sort where it was
            assertThat(H2.serialize(back)).isEqualTo(H2.serialize(key));
        }
    }

    @Test
    void keysOfOtherValuesAreStillStoredAsH2Would() {
        IndexKeyType type = new IndexKeyType();
        for (KeyValue key : List.of(new KeyValue(new Document("a", 1)), new KeyValue("m", Instant.ofEpochSecond(5)),
                new KeyValue((Object) List.of(1, 2)))) {
            assertThat(IndexKeyType.compactable(key)).isFalse();
            WriteBuffer out = new WriteBuffer();
            type.write(out, key);
            assertThat(out.getBuffer().get(0)).isNotEqualTo(IndexKeyType.COMPACT);
            assertThat(roundTrip(type, key)).isEqualTo(key);
        }
        assertThat(roundTrip(type, "a plain string")).isEqualTo("a plain string");
        assertThat(roundTrip(type, 17L)).isEqualTo(17L);
    }

    private static MVMap<KeyValue, Object> index(MVStore store, ObjectDataType keyType) {
        return store.openMap("mail.messages._index_mailbox_uid", new MVMap.Builder<KeyValue, Object>().keyType(keyType));
    }

    @Test
    void anIndexWrittenByH2sOwnTypeReadsAndGrowsInOrder() {
        Path file = dir.resolve("index.mv");
        Random random = new Random(7);
        List<KeyValue> written = new ArrayList<>();
        try (MVStore store = new MVStore.Builder().fileName(file.toString()).open()) {
            MVMap<KeyValue, Object> map = index(store, new ObjectDataType()); // an earlier version's file
            for (int i = 0; i < 3_000; i++) {
                KeyValue key = new KeyValue("mbx-" + random.nextInt(300), (long) random.nextInt(1_000_000));
                map.put(key, "doc-" + i);
                written.add(key);
            }
        }
        for (int reopen = 0; reopen < 2; reopen++) {
            try (MVStore store = new MVStore.Builder().fileName(file.toString()).open()) {
                MVMap<KeyValue, Object> map = index(store, new IndexKeyType());
                for (int i = 0; i < 3_000; i++) {
                    KeyValue key = new KeyValue(reopen == 0 ? "new-" + random.nextInt(300) : "mbx-" + random.nextInt(300),
                            random.nextLong());
                    map.put(key, "more-" + reopen + "-" + i);
                    written.add(key);
                }
                store.commit();
            }
        }
        try (MVStore store = new MVStore.Builder().fileName(file.toString()).open()) {
            MVMap<KeyValue, Object> map = index(store, new IndexKeyType());
            for (KeyValue key : written) {
                assertThat(map.get(new KeyValue(key.get(0), key.get(1)))).as("key %s", key).isNotNull();
            }
            // the map's order is still H2's (the Java-serialised bytes), old and new keys mixed
            List<KeyValue> inMap = new ArrayList<>(map.keySet());
            List<KeyValue> sorted = new ArrayList<>(inMap);
            sorted.sort((a, b) -> Integer.signum(new ObjectDataType().compare(a, b)));
            assertThat(inMap).containsExactlyElementsOf(sorted);
            assertThat(inMap).hasSize((int) written.stream().distinct().count());
        }
    }
}
