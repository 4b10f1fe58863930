package org.mailplatform.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.h2.mvstore.MVStore;

/**
 * A MongoDB wire-protocol server (mongo-java-server) inside this JVM. In memory for tests; backed
 * by an H2 MVStore file when a data file is given, committed before any write is answered (in
 * groups, {@link WriteSerializingBackend}), so a restart (or a killed process) keeps what was
 * acknowledged.
 */
public final class EmbeddedMongo implements AutoCloseable, RestartableBackend {

    private static final String HOST = "127.0.0.1";
    static final String CACHE_PROPERTY = "mail.embedded.mongo-cache-mb";
    static final int DEFAULT_CACHE_MB = 64;

    /** Outlives the servers: a restart serves the same databases. */
    private final WriteSerializingBackend backend;
    private final int port;
    private final String uri;
    private MongoServer server;

    private EmbeddedMongo(WriteSerializingBackend backend, MongoServer server) {
        this.backend = backend;
        this.server = server;
        this.port = server.getLocalAddress().getPort();
        this.uri = "mongodb://" + HOST + ":" + port;
    }

    /** An in-memory server on a free loopback port. */
    public static EmbeddedMongo inMemory() {
        return bind(new WriteSerializingBackend(IndexedBackends.memory(), () -> { }), 0);
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
        // no background auto-commit: only the commits after whole writes reach the file, never a write
        // half applied (its document stored, its index entry not yet)
        MVStore store = new MVStore.Builder().fileName(file.toAbsolutePath().toString()).cacheSize(cacheSizeMb())
                .autoCommitDisabled().open();
        H2Maps maps = new H2Maps(store); // before the backend opens the collections and their indexes
        H2Backend h2 = IndexedBackends.h2(store);
        return bind(new WriteSerializingBackend(h2, h2::commit, true, maps::prepare), port);
    }

    /**
     * MB of H2's page cache ({@value #DEFAULT_CACHE_MB} unless the system property
     * {@value #CACHE_PROPERTY} says otherwise). H2's default of 16 MB held too few pages of a
     * platform with a few thousand messages: inserts read evicted index pages back from the file and
     * deserialised them again (a twentieth of the CPU of a delivery benchmark).
     */
    static int cacheSizeMb() {
        int mb = Integer.getInteger(CACHE_PROPERTY, DEFAULT_CACHE_MB);
        if (mb < 1) {
            throw new IllegalArgumentException(CACHE_PROPERTY + " must be at least 1 (MB), not " + mb);
        }
        return mb;
    }

    private static EmbeddedMongo bind(WriteSerializingBackend backend, int port) {
        return new EmbeddedMongo(backend, listen(backend, port));
    }

    private static MongoServer listen(MongoBackend backend, int port) {
        MongoServer server = new MongoServer(backend);
        try {
            server.bind(HOST, port);
        } catch (Exception e) { // Netty throws the BindException unwrapped, though checked
            server.shutdownNow(); // its event loops; the backend and its data stay
            throw e;
        }
        return server;
    }

    /**
     * Commits of the data made so far (a file-backed server commits once per durable write or group
     * of them; tests and benchmarks count them).
     */
    public long commits() {
        return backend.commits();
    }

    /** Connection string without a database name. */
    public String uri() {
        return uri;
    }

    /**
     * Closes the listener and every client connection; the backend and its data stay (its
     * {@code close()} is a no-op for the server, see {@link WriteSerializingBackend#closeData()}).
     */
    @Override
    public synchronized void stop() {
        if (server != null) {
            server.shutdownNow();
            server = null;
        }
    }

    /** A new server on the same port over the same backend. */
    @Override
    public synchronized void restart() {
        if (server == null) {
            // the old listener's port, which another socket may hold for a moment
            server = FreePorts.bindAgain("MongoDB restart on " + uri, Duration.ofSeconds(30), () -> listen(backend, port));
        }
    }

    @Override
    public synchronized boolean running() {
        return server != null;
    }

    @Override
    public synchronized void close() {
        stop();
        backend.closeData();
    }
}
