package org.mailplatform.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link H2Maps}, {@link IndexKeyType} and {@link DocumentType}: every unique-index map of the
 * file-backed server compares its keys the cheaper way, in H2's own order, and every collection's
 * map stores its documents as BSON, so a data file written by the plain H2 backend (before) is read
 * and written on by the server as it is now, and one written now is read again after a restart.
 */
class H2MapsTest {

    @TempDir
    Path dir;

    private static MongoClient client(String uri) {
        return MongoClients.create(MongoClientSettings.builder().applyConnectionString(new ConnectionString(uri))
                .applyToClusterSettings(c -> c.serverSelectionTimeout(2, TimeUnit.SECONDS)).build());
    }

    /** A compound unique index as the message store keeps one, and documents in an order unlike the keys'. */
    private static void fill(MongoCollection<Document> messages, int from, int to) {
        for (int i = from; i < to; i++) {
            messages.insertOne(new Document("_id", "m" + (i * 7919 % 1000)).append("mailboxId", "box" + i % 3)
                    .append("uid", (long) i));
        }
    }

    private static void checkIndexes(MongoCollection<Document> messages, int count) {
        assertThat(messages.countDocuments()).isEqualTo(count);
        for (int i = 0; i < count; i += 37) {
            Document byKey = messages.find(new Document("mailboxId", "box" + i % 3).append("uid", (long) i)).first();
            assertThat(byKey).as("uid %d by its unique key", i).isNotNull();
            assertThat(messages.find(new Document("_id", byKey.get("_id"))).first()).isEqualTo(byKey);
            int n = i;
            assertThatThrownBy(() -> messages.insertOne(new Document("_id", "again" + n)
                    .append("mailboxId", "box" + n % 3).append("uid", (long) n)))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
        }
    }

    @Test
    void aFileOfThePlainBackendIsReadAndWrittenOnAndEveryIndexMapHasTheCheaperType() {
        Path file = dir.resolve("mail.mv");
        H2Backend plain = new H2Backend(file.toString());
        MongoServer before = new MongoServer(plain);
        before.bind("127.0.0.1", 0);
        try (MongoClient c = client("mongodb://127.0.0.1:" + before.getLocalAddress().getPort())) {
            MongoCollection<Document> messages = c.getDatabase("mail").getCollection("messages");
            messages.createIndex(Indexes.ascending("mailboxId", "uid"), new IndexOptions().unique(true).name("mailbox_uid"));
            fill(messages, 0, 300);
        }
        before.shutdownNow();
        plain.close();

        try (EmbeddedMongo now = EmbeddedMongo.persistent(file, 0); MongoClient c = client(now.uri())) {
            MongoCollection<Document> messages = c.getDatabase("mail").getCollection("messages");
            checkIndexes(messages, 300);
            fill(messages, 300, 600);
            c.getDatabase("mail").getCollection("quotas").insertOne(new Document("_id", "user-1")); // created by a write
            c.getDatabase("mail").getCollection("nothere").deleteOne(new Document("_id", "x")); // creates nothing
            c.getDatabase("mail").getCollection("nothere").updateOne(new Document("_id", "x"),
                    new Document("$set", new Document("a", 1)));
            checkIndexes(messages, 600);
        }

        MVStore store = new MVStore.Builder().fileName(file.toString()).open();
        List<String> indexMaps = new ArrayList<>(store.getMapNames().stream().filter(n -> n.contains("._index_")).toList());
        assertThat(indexMaps).contains("mail.messages._index__id_", "mail.messages._index_mailbox_uid",
                "mail.quotas._index__id_");
        // no index map without its collection (mongo-java-server itself creates one for a delete or an update)
        assertThat(indexMaps).allSatisfy(n -> assertThat(store.hasMap("databases." + n.substring(0, n.indexOf("._index_"))))
                .as(n).isTrue());
        new H2Maps(store); // as EmbeddedMongo.persistent opens a file
        assertThat(indexMaps).allSatisfy(n -> assertThat(store.openMap(n).getKeyType()).isInstanceOf(IndexKeyType.class));
        assertThat(store.getMapNames().stream().filter(n -> n.startsWith("databases.")))
                .contains("databases.mail.messages", "databases.mail.quotas")
                .allSatisfy(n -> assertThat(store.openMap(n).getValueType()).as(n).isInstanceOf(DocumentType.class));
        store.close();
    }

    @Test
    void mapsCreatedWhileServingHaveTheCheaperTypesAndAFileWrittenSoIsReadAgainAfterARestart() {
        Path file = dir.resolve("new.mv");
        try (EmbeddedMongo now = EmbeddedMongo.persistent(file, 0); MongoClient c = client(now.uri())) {
            MongoCollection<Document> messages = c.getDatabase("mail").getCollection("messages");
            messages.createIndex(Indexes.ascending("mailboxId", "uid"), new IndexOptions().unique(true).name("mailbox_uid"));
            fill(messages, 0, 400);
            checkIndexes(messages, 400);
        }
        MVStore store = new MVStore.Builder().fileName(file.toString()).open();
        new H2Maps(store);
        Object stored = store.openMap("databases.mail.messages").values().iterator().next();
        assertThat(stored).isInstanceOf(de.bwaldvogel.mongo.bson.Document.class);
        store.close();
        try (EmbeddedMongo again = EmbeddedMongo.persistent(file, 0); MongoClient c = client(again.uri())) {
            MongoCollection<Document> messages = c.getDatabase("mail").getCollection("messages");
            checkIndexes(messages, 400);
            fill(messages, 400, 500);
            checkIndexes(messages, 500);
        }
    }

    /**
     * The maps as the running server has them, not as a restart reopens them: a collection that an
     * update or find-and-modify creates without upserting (a new user's quota counter, whose first
     * conditional {@code $inc} finds nothing) gets the cheaper types from the start.
     */
    @Test
    void collectionsMadeByAnUpdateThatMatchesNothingHaveTheCheaperTypesWhileServing() {
        MVStore store = new MVStore.Builder().fileName(dir.resolve("live.mv").toString()).autoCommitDisabled().open();
        H2Maps maps = new H2Maps(store);
        H2Backend h2 = new H2Backend(store);
        MongoServer server = new MongoServer(new WriteSerializingBackend(h2, h2::commit, true, maps::prepare));
        server.bind("127.0.0.1", 0);
        try (MongoClient c = client("mongodb://127.0.0.1:" + server.getLocalAddress().getPort())) {
            var mail = c.getDatabase("mail");
            Document inc = new Document("$inc", new Document("bytes", 10L));
            assertThat(mail.getCollection("quotas").updateOne(new Document("_id", "u1"), inc).getMatchedCount()).isZero();
            assertThat(mail.getCollection("counters").findOneAndUpdate(new Document("_id", "c1"), inc)).isNull();
            mail.getCollection("quotas").insertOne(new Document("_id", "u1").append("bytes", 0L));
            mail.getCollection("quotas").updateOne(new Document("_id", "u1"), inc);
            assertThat(mail.getCollection("quotas").find(new Document("_id", "u1")).first()).containsEntry("bytes", 10L);
            for (String collection : List.of("quotas", "counters")) {
                assertThat(store.openMap("mail." + collection + "._index__id_").getKeyType()).as(collection)
                        .isInstanceOf(IndexKeyType.class);
                assertThat(store.openMap("databases.mail." + collection).getValueType()).as(collection)
                        .isInstanceOf(DocumentType.class);
            }
        } finally {
            server.shutdownNow();
            store.close();
        }
    }
}
