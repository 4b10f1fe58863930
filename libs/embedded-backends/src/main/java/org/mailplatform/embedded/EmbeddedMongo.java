package org.mailplatform.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * A MongoDB wire-protocol server (mongo-java-server) inside this JVM. In memory for tests; backed
 * by an H2 MVStore file when a data file is given, committed after every write, so a restart (or a
 * killed process) keeps what was acknowledged.
 */
public final class EmbeddedMongo implements AutoCloseable {

    private final MongoServer server;
    private final String uri;

    private EmbeddedMongo(MongoServer server, String uri) {
        this.server = server;
        this.uri = uri;
    }

    /** An in-memory server on a free loopback port. */
    public static EmbeddedMongo inMemory() {
        return bind(new WriteSerializingBackend(new MemoryBackend(), () -> { }), 0);
    }

    /**
     * A server whose data lives in {@code file}.
     *
     * @param file H2 MVStore file, created if missing
     * @param port loopback port, or 0 for a free one
     */
    public static EmbeddedMongo persistent(Path file, int port) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file.getParent(), e);
        }
        H2Backend h2 = new H2Backend(file.toAbsolutePath().toString());
        return bind(new WriteSerializingBackend(h2, h2::commit), port);
    }

    private static EmbeddedMongo bind(MongoBackend backend, int port) {
        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", port);
        return new EmbeddedMongo(server, "mongodb://127.0.0.1:" + server.getLocalAddress().getPort());
    }

    /** Connection string without a database name. */
    public String uri() {
        return uri;
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
