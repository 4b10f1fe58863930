package org.mailplatform.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.MinKey;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DocumentType}: documents come back from the file as they went in, values written by H2's own
 * type (a file of an earlier version) still read, and a document the BSON encoder refuses is still
 * stored.
 */
class DocumentTypeTest {

    @TempDir
    Path dir;

    /** A message document as the store writes one, with every BSON type the server may hold. */
    private static Document everyType(int i) {
        List<Object> mixed = new ArrayList<>(List.of(1, 2L, 3.5, "four", true, new Document("five", 5)));
        mixed.add(null);
        return new Document("_id", "m" + i)
                .append("int", i).append("long", 1L << 40).append("double", -0.25).append("string", "ünïcödé ✉")
                .append("true", true).append("null", null).append("instant", Instant.ofEpochMilli(1_764_000_000_123L))
                .append("objectId", new ObjectId()).append("uuid", UUID.randomUUID())
                .append("binary", new BinData(new byte[] {0, 1, 2, (byte) 255}))
                .append("decimal", Decimal128.fromNumber(12.5)).append("timestamp", new BsonTimestamp(42L))
                .append("min", MinKey.getInstance()).append("max", MaxKey.getInstance())
                .append("summary", new Document("envelope", new Document("subject", "s" + i)
                        .append("to", List.of(new Document("mailbox", "a").append("host", "example.org")))))
                .append("mixed", mixed).append("empty", new Document()).append("none", List.of());
    }

    private static MVStore open(Path file) {
        return new MVStore.Builder().fileName(file.toString()).open();
    }

    private static MVMap<Object, Object> documents(MVStore store) {
        return store.openMap("databases.mail.messages", new MVMap.Builder<Object, Object>().valueType(new DocumentType()));
    }

    @Test
    void documentsComeBackFromTheFileEqualToWhatWasWritten() {
        Path file = dir.resolve("bson.mv");
        List<Document> written = new ArrayList<>();
        try (MVStore store = open(file)) {
            MVMap<Object, Object> map = documents(store);
            for (int i = 0; i < 500; i++) {
                written.add(everyType(i));
                map.put("m" + i, written.get(i));
            }
        }
        try (MVStore store = open(file)) {
            MVMap<Object, Object> map = documents(store);
            for (int i = 0; i < 500; i++) {
                assertThat(map.get("m" + i)).as("document %d", i).isEqualTo(written.get(i));
            }
        }
    }

    @Test
    void valuesOfAFileWrittenByTheDefaultTypeStillReadAndBothKindsLiveSideBySide() {
        Path file = dir.resolve("old.mv");
        List<Document> written = new ArrayList<>();
        try (MVStore store = open(file)) {
            MVMap<Object, Object> plain = store.openMap("databases.mail.messages"); // H2's ObjectDataType: Java serialisation
            for (int i = 0; i < 200; i++) {
                Document d = everyType(i);
                d.remove("min"); // Java serialisation makes new MinKey/MaxKey objects, unequal to the singletons
                d.remove("max");
                written.add(d);
                plain.put("m" + i, written.get(i));
            }
        }
        try (MVStore store = open(file)) {
            MVMap<Object, Object> map = documents(store);
            for (int i = 0; i < 200; i++) {
                assertThat(map.get("m" + i)).isEqualTo(written.get(i));
            }
            for (int i = 0; i < 200; i += 2) {
                map.put("m" + i, new Document("_id", "m" + i).append("rewritten", i));
            }
        }
        try (MVStore store = open(file)) {
            MVMap<Object, Object> map = documents(store);
            assertThat(map.get("m0")).isEqualTo(new Document("_id", "m0").append("rewritten", 0));
            assertThat(map.get("m1")).isEqualTo(written.get(1));
            assertThat(map.size()).isEqualTo(200);
        }
    }

    @Test
    void aDocumentTheEncoderRefusesIsJavaSerialisedAsBefore() {
        Document odd = new Document("_id", "odd").append("uri", URI.create("mailto:a@example.org"));
        WriteBuffer buffer = new WriteBuffer();
        new DocumentType().write(buffer, odd);
        assertThat(buffer.getBuffer().get(0)).isNotEqualTo(DocumentType.BSON);

        Path file = dir.resolve("odd.mv");
        try (MVStore store = open(file)) {
            documents(store).put("odd", odd);
        }
        try (MVStore store = open(file)) {
            assertThat(documents(store).get("odd")).isEqualTo(odd);
        }
    }

    @Test
    void otherValuesAreLeftToH2() {
        WriteBuffer buffer = new WriteBuffer();
        DocumentType type = new DocumentType();
        type.write(buffer, Map.of("plain", "map").get("plain"));
        type.write(buffer, 42L);
        var read = buffer.getBuffer().flip();
        assertThat(type.read(read)).isEqualTo("map");
        assertThat(type.read(read)).isEqualTo(42L);
    }
}
