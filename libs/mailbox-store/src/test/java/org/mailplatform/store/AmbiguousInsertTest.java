package org.mailplatform.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.mongodb.MongoSocketReadException;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailplatform.embedded.BackendEndpoints;
import org.mailplatform.model.Principal;
import org.mailplatform.store.config.MailboxStoreProperties;
import org.mailplatform.store.mongo.MongoMailboxStore;
import org.mailplatform.teststack.WithTestStack;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * An insert whose answer is lost (the server stored the documents, then the connection broke): the
 * append fails, but its blob must stay, because the stored document refers to it and a redelivery
 * of the same key is answered with that document.
 */
@WithTestStack
class AmbiguousInsertTest {

    static StoreFixture fixture;
    static MongoClient client;

    @BeforeAll
    static void start(BackendEndpoints stack) {
        fixture = new StoreFixture(stack);
        client = MongoClients.create(stack.mongoUri());
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        fixture.close();
    }

    /** A template whose inserts into {@code messages} are carried out and then answered with a broken connection. */
    private static MongoTemplate losingInsertAnswers() {
        return new MongoTemplate(client, fixture.database) {
            @Override
            @SuppressWarnings("unchecked")
            public MongoCollection<Document> getCollection(String name) {
                MongoCollection<Document> real = super.getCollection(name);
                if (!name.equals("messages")) {
                    return real;
                }
                return losingInsertAnswers(real);
            }
        };
    }

    /** {@code real}, whose inserts of many are carried out and then answered with a broken connection. */
    @SuppressWarnings("unchecked")
    private static MongoCollection<Document> losingInsertAnswers(MongoCollection<Document> real) {
        return (MongoCollection<Document>) Proxy.newProxyInstance(AmbiguousInsertTest.class.getClassLoader(),
                new Class<?>[] {MongoCollection.class}, (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (method.getName().equals("insertMany")) {
                        throw new MongoSocketReadException("answer lost", new ServerAddress());
                    }
                    // the same collection with another write concern (the store's steps) loses them too
                    if (method.getName().equals("withWriteConcern")) {
                        return losingInsertAnswers((MongoCollection<Document>) result);
                    }
                    return result;
                });
    }

    @Test
    void aKeyedAppendWhoseInsertAnswerIsLostKeepsItsBlobAndTheRedeliveryServesIt() throws Exception {
        // the lost answer leaves the UID unpublished: a short order timeout lets the next append move past it
        MailboxStoreProperties quick = new MailboxStoreProperties(null, null, null, null,
                java.time.Duration.ofMillis(300), null, null, null, null, null, null, null, null, null);
        MongoMailboxStore healthy = fixture.newStore(quick, QuotaPolicy.fixed(0, 0));
        MongoMailboxStore cutOff = fixture.newStore(losingInsertAnswers(), quick, QuotaPolicy.fixed(0, 0));
        Principal p = StoreFixture.newUser(healthy);
        String key = "inbound-" + UUID.randomUUID() + "/" + p.userId();

        assertThatThrownBy(() -> cutOff.append(p, "INBOX",
                MailboxStoreContract.message("kept", "the body", Set.of(), key))).isInstanceOf(RuntimeException.class);
        assertThat(cutOff.appendAll(p, "INBOX", List.of(MailboxStoreContract.message("kept too", "another body",
                Set.of(), key + "-2"))).getFirst().isStored()).isFalse();

        AppendResult again = healthy.append(p, "INBOX", MailboxStoreContract.message("kept", "the body", Set.of(), key));
        AppendResult again2 = healthy.append(p, "INBOX",
                MailboxStoreContract.message("kept too", "another body", Set.of(), key + "-2"));
        assertThat(again.duplicate()).isTrue();
        assertThat(again2.duplicate()).isTrue();
        // the appends that moved past the unpublished UIDs found the documents there and counted them
        assertThat(healthy.status(p, "INBOX").mailbox().messages()).isEqualTo(2);
        assertThat(healthy.uids(p, "INBOX")).containsExactly(again.uid(), again2.uid());
        for (AppendResult stored : List.of(again, again2)) {
            MessageMeta meta = healthy.fetch(p, "INBOX", MessageRange.uid(stored.uid())).getFirst();
            try (InputStream in = healthy.openContent(p, meta, 0, meta.size())) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).contains("body");
            }
        }
    }
}
