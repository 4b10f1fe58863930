package org.mailplatform.embedded;

import java.util.List;
import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;

/** A mongo-java-server over a given backend on a free loopback port, and a driver connected to it (tests). */
final class LoopbackMongo {

    private LoopbackMongo() {
    }

    /** Serves {@code backend} and connects a client; both are added to {@code open}, to be closed in reverse order. */
    static MongoClient serve(MongoBackend backend, List<AutoCloseable> open) {
        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", 0);
        open.add(server::shutdownNow);
        MongoClient client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + server.getLocalAddress().getPort()))
                .applyToClusterSettings(c -> c.serverSelectionTimeout(2, TimeUnit.SECONDS)).build());
        open.add(client);
        return client;
    }
}
