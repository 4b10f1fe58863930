package org.mailplatform.store;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.mailplatform.embedded.BackendEndpoints;
import org.mailplatform.store.config.MailboxStoreProperties;
import org.mailplatform.store.mongo.MongoMailboxStore;
import org.mailplatform.store.mongo.StoreMaintenance;
import org.mailplatform.teststack.WithTestStack;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * A test class with one store over its own database and bucket (default settings, no quota limit),
 * a template on that database and the maintenance operations over it. Test classes run one after
 * the other, each setting these up for itself.
 */
@WithTestStack
abstract class OneStoreTest {

    static StoreFixture fixture;
    static MongoMailboxStore store;
    static MongoTemplate mongo;
    static StoreMaintenance maintenance;

    @BeforeAll
    static void startStore(BackendEndpoints stack) {
        fixture = new StoreFixture(stack);
        store = fixture.newStore(MailboxStoreProperties.defaults(), QuotaPolicy.fixed(0, 0));
        mongo = fixture.template();
        maintenance = new StoreMaintenance(mongo);
    }

    @AfterAll
    static void stopStore() throws Exception {
        fixture.close();
    }
}
