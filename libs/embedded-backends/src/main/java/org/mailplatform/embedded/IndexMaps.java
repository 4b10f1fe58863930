package org.mailplatform.embedded;

import java.util.List;
import java.util.Locale;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * Opens the H2 maps of mongo-java-server's unique indexes with {@link IndexKeyType} before the server
 * does: it opens a map by name with H2's default types, and an open map is handed back as it is, so a
 * map opened here first keeps the cheaper key comparison. Existing index maps are opened when the
 * file is opened; those a write is about to create (the {@code _id} index of a collection that does
 * not exist yet, the indexes of a {@code createIndexes}) just before it, under the write lock.
 *
 * <p>The names follow mongo-java-server's H2 backend: a collection's documents in
 * {@code databases.<db>.<collection>}, each index in {@code <db>.<collection>._index_<name>}
 * ({@code IndexMapsTest} checks every index map of a running server has the type).
 */
final class IndexMaps {

    private static final String INDEX = "._index_";

    private final MVStore store;
    private final IndexKeyType keys = new IndexKeyType();

    IndexMaps(MVStore store) {
        this.store = store;
        store.getMapNames().stream().filter(n -> n.contains(INDEX)).forEach(this::open);
    }

    /**
     * Before a write command of {@code database}: opens the index maps it may create. Only commands
     * that create a missing collection ({@code insert}, {@code create}, {@code createIndexes}, an
     * upserting {@code update} or {@code findAndModify}) open its {@code _id} index map, so no empty
     * map is left for a collection that never came to be.
     */
    void prepare(String database, Document command) {
        String name = command.keySet().stream().findFirst().orElse("");
        if (!(command.get(name) instanceof String collection)) {
            return;
        }
        String kind = name.toLowerCase(Locale.ROOT);
        String namespace = database + "." + collection;
        if (creates(kind, command) && !store.hasMap("databases." + namespace)) {
            open(namespace + INDEX + "_id_");
        }
        if (kind.equals("createindexes") && command.get("indexes") instanceof List<?> specs) {
            for (Object spec : specs) {
                if (spec instanceof Document index && index.get("name") instanceof String indexName) {
                    open(namespace + INDEX + indexName);
                }
            }
        }
    }

    private static boolean creates(String kind, Document command) {
        return switch (kind) {
            case "insert", "create", "createindexes" -> true;
            case "update" -> command.get("updates") instanceof List<?> updates && updates.stream()
                    .anyMatch(u -> u instanceof Document d && Utils.isTrue(d.get("upsert")));
            case "findandmodify" -> Utils.isTrue(command.get("upsert"));
            default -> false;
        };
    }

    private void open(String map) {
        store.openMap(map, new MVMap.Builder<KeyValue, Object>().keyType(keys));
    }
}
