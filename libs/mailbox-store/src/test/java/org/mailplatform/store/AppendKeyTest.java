package org.mailplatform.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.mailplatform.model.Principal;
import org.mailplatform.store.config.MailboxStoreProperties;
import org.mailplatform.teststack.WithTestStack;

/** A keyed append's idempotency key lives in its {@code _id} (ADR 0205). */
@WithTestStack
class AppendKeyTest extends OneStoreTest {

    @Test
    void anAppendKeyIsPerOwnerEvenWhenTheTenantAndUserIdsHoldTheSeparator() {
        // without escaping, both owners' _ids would read k:acme/sales/bob/<key>
        Principal first = new Principal("acme/sales", "bob", "bob@sales.example");
        Principal second = new Principal("acme", "sales/bob", "sales-bob@example.com");
        String key = "inbound-" + UUID.randomUUID() + "/bob";
        store.ensureDefaultMailboxes(first);
        store.ensureDefaultMailboxes(second);

        AppendResult a = store.append(first, "INBOX", MailboxStoreContract.message("first", "x", Set.of(), key));
        AppendResult b = store.append(second, "INBOX", MailboxStoreContract.message("second", "x", Set.of(), key));
        AppendResult aAgain = store.append(first, "INBOX", MailboxStoreContract.message("first", "x", Set.of(), key));

        assertThat(a.duplicate()).isFalse();
        assertThat(b.duplicate()).isFalse();
        assertThat(aAgain.duplicate()).isTrue();
        assertThat(aAgain.uid()).isEqualTo(a.uid());
        assertThat(store.fetch(second, "INBOX", MessageRange.all())).singleElement()
                .extracting(m -> m.summary().envelope().subject()).isEqualTo("second");
    }

    @Test
    void theKeyLivesInTheIdSoNoSecondUniqueIndexIsKeptAndAnEarlierVersionsIsDropped() {
        org.springframework.data.mongodb.core.MongoTemplate mongo = fixture.template();
        var messages = mongo.getCollection("messages");
        messages.createIndex(new org.bson.Document("inboundId", 1).append("tenantId", 1).append("userId", 1),
                new com.mongodb.client.model.IndexOptions().name("inbound_user").unique(true));

        fixture.newStore(MailboxStoreProperties.defaults(), QuotaPolicy.fixed(0, 0));
        Principal p = StoreFixture.newUser(store);
        store.append(p, "INBOX", MailboxStoreContract.message("keyed", "x", Set.of(), "inbound-9/" + p.userId()));
        store.append(p, "INBOX", MailboxStoreContract.message("local", "x"));

        List<String> indexes = new ArrayList<>();
        messages.listIndexes().forEach(i -> indexes.add(i.getString("name")));
        assertThat(indexes).doesNotContain("inbound_user").contains("mailbox_uid");
        List<Object> ids = new ArrayList<>();
        messages.find(new org.bson.Document("userId", p.userId()).append("mailboxId",
                store.find(p, "INBOX").orElseThrow().id())).forEach(d -> ids.add(d.get("_id")));
        assertThat(ids).hasSize(2).anySatisfy(id -> assertThat(id).isEqualTo(
                "k:" + p.tenantId() + "/" + p.userId() + "/inbound-9/" + p.userId()))
                .anySatisfy(id -> assertThat(id).isInstanceOf(org.bson.types.ObjectId.class));
    }
}
