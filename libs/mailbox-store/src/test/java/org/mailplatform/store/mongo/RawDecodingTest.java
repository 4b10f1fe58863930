package org.mailplatform.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailplatform.embedded.BackendEndpoints;
import org.mailplatform.store.SpecialUse;
import org.mailplatform.teststack.WithTestStack;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The hot reads decode raw documents by hand ({@link MailboxDocument#of}, {@link MetaRow#of}); they
 * must give what the object mapper gives for the documents the store writes.
 */
@WithTestStack
class RawDecodingTest {

    static MongoClient client;
    static MongoTemplate mongo;

    @BeforeAll
    static void start(BackendEndpoints stack) {
        client = MongoClients.create(stack.mongoUri());
        mongo = new MongoTemplate(client, "raw-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    @Test
    void mailboxDocumentsDecodeAsTheMapperDecodesThem() {
        Instant created = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (SpecialUse use : new SpecialUse[] {SpecialUse.TRASH, null}) {
            MailboxDocument written = mongo.insert(new MailboxDocument(UUID.randomUUID().toString(), "t", "u",
                    "Box " + use, use, 1_700_000_000L, 42, 41, 99, use != null, 40, 12_345_678_901L, created, 7L, 6L,
                    use == null ? null : created.minusSeconds(5), 95L, 90L));
            org.bson.Document raw = mongo.findOne(query(where("_id").is(written.id())), org.bson.Document.class,
                    MailboxDocument.COLLECTION);

            assertThat(MailboxDocument.of(raw)).isEqualTo(written)
                    .isEqualTo(mongo.findById(written.id(), MailboxDocument.class));
        }
    }

    @Test
    void mailboxDocumentsWrittenBeforeTheChangeCountersReadAsSettled() {
        String id = UUID.randomUUID().toString();
        mongo.getCollection(MailboxDocument.COLLECTION).insertOne(new org.bson.Document("_id", id)
                .append("tenantId", "t").append("userId", "u").append("name", "Old").append("uidValidity", 5L)
                .append("uidNext", 3L).append("visibleUidNext", 3L).append("highestModSeq", 4L)
                .append("subscribed", true).append("messages", 2L).append("size", 10L));

        MailboxDocument mapped = mongo.findById(id, MailboxDocument.class);
        MailboxDocument decoded = MailboxDocument.of(mongo.findOne(query(where("_id").is(id)), org.bson.Document.class,
                MailboxDocument.COLLECTION));

        for (MailboxDocument m : List.of(mapped, decoded)) {
            assertThat(m.writesBegun()).isZero();
            assertThat(m.writesEnded()).isZero();
            assertThat(m.writesBegunAt()).isNull();
            assertThat(m.visibleUidNext()).isEqualTo(3);
            assertThat(m.settledModSeq()).as("settled by the first read with nothing in flight").isZero();
        }
    }

    @Test
    void metadataRowsDecodeTheSmallFieldsOfAMessage() {
        Instant date = Instant.parse("2026-11-01T10:00:00Z");
        MessageDocument written = mongo.insert(new MessageDocument(null, "t", "u", "box", 7, 3_000_000_000L,
                List.of("\\Seen", "$Label1"), date, 4096, "blob/key", null, null, "in-1", false, false, date, null, null));
        org.bson.Document raw = mongo.findOne(query(where("uid").is(7L)), org.bson.Document.class,
                MessageDocument.COLLECTION);

        MetaRow row = MetaRow.of(raw);

        assertThat(row).isEqualTo(new MetaRow(written.id(), 7, 3_000_000_000L, List.of("\\Seen", "$Label1"), date,
                4096, "blob/key", false, null, null));
        assertThat(row.toMeta("box", null).flags()).containsExactlyInAnyOrder("\\Seen", "$Label1");
    }
}
