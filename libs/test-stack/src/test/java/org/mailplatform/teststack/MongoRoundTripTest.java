package org.mailplatform.teststack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailplatform.embedded.BackendEndpoints;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

@WithTestStack
class MongoRoundTripTest {

    private MongoClient client;
    private MongoTemplate mongo;

    @BeforeEach
    void connect(BackendEndpoints stack) {
        client = MongoClients.create(stack.mongoUri());
        mongo = new MongoTemplate(client, "roundtrip_" + UUID.randomUUID().toString().replace("-", ""));
    }

    @AfterEach
    void close() {
        mongo.getDb().drop();
        client.close();
    }

    @Test
    void uniqueCompoundIndexRejectsASecondDocumentWithTheSameKey() {
        mongo.indexOps("messages").createIndex(
                new Index().on("mailboxId", Sort.Direction.ASC).on("uid", Sort.Direction.ASC).unique());
        mongo.insert(new Document("mailboxId", "inbox").append("uid", 1), "messages");
        mongo.insert(new Document("mailboxId", "inbox").append("uid", 2), "messages");

        assertThatThrownBy(() -> mongo.insert(new Document("mailboxId", "inbox").append("uid", 1), "messages"))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(mongo.count(new Query(), "messages")).isEqualTo(2);
    }

    @Test
    void findAndModifyIncrementReturnsTheNewValue() {
        mongo.insert(new Document("_id", "mbx").append("uidNext", 1L), "mailboxes");

        Document first = allocate();
        Document second = allocate();

        assertThat(first.getLong("uidNext")).isEqualTo(2L);
        assertThat(second.getLong("uidNext")).isEqualTo(3L);
    }

    @Test
    void concurrentFindAndModifyIncrementsNeverReturnTheSameValue() throws Exception {
        mongo.insert(new Document("_id", "mbx").append("uidNext", 0L), "mailboxes");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<List<Long>>> workers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                workers.add(() -> {
                    List<Long> values = new ArrayList<>();
                    for (int i = 0; i < 50; i++) {
                        values.add(allocate().getLong("uidNext"));
                    }
                    return values;
                });
            }
            Set<Long> distinct = new HashSet<>();
            for (Future<List<Long>> result : pool.invokeAll(workers)) {
                distinct.addAll(result.get());
            }
            assertThat(distinct).hasSize(200);
            assertThat(distinct).allMatch(v -> v >= 1 && v <= 200);
        } finally {
            pool.shutdownNow();
        }
    }

    private Document allocate() {
        return mongo.findAndModify(new Query(Criteria.where("_id").is("mbx")), new Update().inc("uidNext", 1L),
                FindAndModifyOptions.options().returnNew(true), Document.class, "mailboxes");
    }
}
