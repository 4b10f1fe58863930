package org.mailplatform.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hello}, the handshake command of MongoDB 4.4 and later, answered by both embedded servers
 * as a single writable primary (no {@code setName}, not a mongos), the same answer as their
 * {@code isMaster}; before, the server refused it and logged an error with a stack trace.
 */
class HelloCommandTest {

    @TempDir
    Path dir;

    @Test
    void bothServersAnswerHelloAsASingleWritablePrimary() {
        try (EmbeddedMongo memory = EmbeddedMongo.inMemory();
             EmbeddedMongo file = EmbeddedMongo.persistent(dir.resolve("mail.mv"), 0)) {
            for (EmbeddedMongo server : new EmbeddedMongo[] {memory, file}) {
                try (MongoClient client = MongoClients.create(MongoClientSettings.builder()
                        .applyConnectionString(new ConnectionString(server.uri()))
                        .applyToClusterSettings(c -> c.serverSelectionTimeout(2, TimeUnit.SECONDS)).build())) {
                    Document hello = client.getDatabase("mail").runCommand(new Document("hello", 1));
                    assertThat(hello.get("ok", Number.class).intValue()).isEqualTo(1);
                    assertThat(hello.getBoolean("isWritablePrimary")).isTrue();
                    assertThat(hello).doesNotContainKeys("setName", "ismaster");
                    assertThat(hello.get("maxWireVersion")).isEqualTo(
                            client.getDatabase("admin").runCommand(new Document("isMaster", 1)).get("maxWireVersion"));
                }
            }
        }
    }
}
