package org.mailplatform.embedded;

import java.util.List;
import java.util.function.Consumer;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's memory and H2 backends whose non-unique indexes are {@link SecondaryIndex}es
 * instead of the server's placeholder, which indexes nothing. The server lets a backend's
 * databases choose how they make such an index; nothing else of the backends changes.
 */
final class IndexedBackends {

    private static final String ID_FIELD = "_id";

    private IndexedBackends() {
    }

    /** A backend that keeps everything in memory. */
    static MemoryBackend memory() {
        return memory(index -> { });
    }

    /** As {@link #memory()}, handing each secondary index it makes to {@code made} (tests). */
    static MemoryBackend memory(Consumer<SecondaryIndex<?>> made) {
        return new MemoryBackend() {
            @Override
            public MemoryDatabase openOrCreateDatabase(String databaseName) {
                return new MemoryDatabase(databaseName, getCursorRegistry()) {
                    @Override
                    protected Index<Integer> openOrCreateSecondaryIndex(String collection, String name,
                                                                        List<IndexKey> keys, boolean sparse) {
                        return secondary(name, keys, sparse, made);
                    }
                };
            }
        };
    }

    /** A backend whose data lives in {@code store}; its secondary indexes are rebuilt in memory when it opens. */
    static H2Backend h2(MVStore store) {
        return h2(store, index -> { });
    }

    /** As {@link #h2(MVStore)}, handing each secondary index it makes to {@code made} (tests). */
    static H2Backend h2(MVStore store, Consumer<SecondaryIndex<?>> made) {
        return new H2Backend(store) {
            @Override
            protected MongoDatabase openOrCreateDatabase(String databaseName) {
                return new H2Database(databaseName, getMvStore(), getCursorRegistry()) {
                    @Override
                    protected Index<Object> openOrCreateSecondaryIndex(String collection, String name,
                                                                       List<IndexKey> keys, boolean sparse) {
                        return secondary(name, keys, sparse, made);
                    }
                };
            }
        };
    }

    private static <P> SecondaryIndex<P> secondary(String name, List<IndexKey> keys, boolean sparse,
                                                   Consumer<SecondaryIndex<?>> made) {
        SecondaryIndex<P> index = new SecondaryIndex<>(name, keys, sparse, ID_FIELD);
        made.accept(index);
        return index;
    }
}
