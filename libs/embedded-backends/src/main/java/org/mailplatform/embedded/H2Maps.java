package org.mailplatform.embedded;

import java.util.List;
import java.util.Locale;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * Opens mongo-java-server's H2 maps with our data types before the server does: the maps of its
 * unique indexes with {@link IndexKeyType}, those of its collections' documents with
 * {@link DocumentType}. The server opens a map by name with H2's default types, and an open map is
 * handed back as it is, so a map opened here first keeps the cheaper type. Existing maps are opened
 * when the file is opened (a map holding BSON documents must never be read with H2's plain type);
 * those a write is about to create (the documents and {@code _id} index of a collection that does
 * not exist yet, the indexes of a {@code createIndexes}) just before it, under the write lock.
 *
 * <p>The names follow mongo-java-server's H2 backend: a collection's documents in
 * {@code databases.<db>.<collection>}, each index in {@code <db>.<collection>._index_<name>}
 * ({@code H2MapsTest} checks every map of a running server has its type).
 */
final class H2Maps {

    private static final String INDEX = "._index_";
    private static final String DOCUMENTS = "databases.";

    private final MVStore store;
    private final IndexKeyType keys = new IndexKeyType();

    H2Maps(MVStore store) {
        this.store = store;
        for (String name : store.getMapNames()) {
            if (name.contains(INDEX)) {
                openIndex(name);
            } else if (name.startsWith(DOCUMENTS)) {
                openDocuments(name);
            }
        }
    }

    /**
     * Before a write command of {@code database}: opens the index maps it may create. Only the
     * commands with which mongo-java-server creates a missing collection ({@code insert},
     * {@code create}, {@code createIndexes}, and every {@code update} and {@code findAndModify},
     * upserting or not) open its maps, so no map is left that the server would not have made itself.
     */
    void prepare(String database, Document command) {
        String name = command.keySet().stream().findFirst().orElse("");
        if (!(command.get(name) instanceof String collection)) {
            return;
        }
        String kind = name.toLowerCase(Locale.ROOT);
        String namespace = database + "." + collection;
        if (creates(kind) && !store.hasMap(DOCUMENTS + namespace)) {
            openDocuments(DOCUMENTS + namespace);
            openIndex(namespace + INDEX + "_id_");
        }
        if (kind.equals("createindexes") && command.get("indexes") instanceof List<?> specs) {
            for (Object spec : specs) {
                if (spec instanceof Document index && index.get("name") instanceof String indexName) {
                    openIndex(namespace + INDEX + indexName);
                }
            }
        }
    }

    /**
     * Whether mongo-java-server creates {@code command}'s collection when it is missing. An update or
     * find-and-modify creates it even when it upserts nothing: the quota counters' collections are
     * made so, by the first conditional {@code $inc} of a new user's counter, which finds no
     * document. Left to the server, their maps had H2's plain types until the next restart:
     * documents and index keys Java-serialised at every update and commit.
     */
    private static boolean creates(String kind) {
        return switch (kind) {
            case "insert", "create", "createindexes", "update", "findandmodify" -> true;
            default -> false;
        };
    }

    private void openIndex(String map) {
        store.openMap(map, new MVMap.Builder<KeyValue, Object>().keyType(keys));
    }

    private void openDocuments(String map) {
        // one type per map: its average document size is that collection's (H2's own type keeps one per map)
        store.openMap(map, new MVMap.Builder<Object, Object>().valueType(new DocumentType()));
    }
}
