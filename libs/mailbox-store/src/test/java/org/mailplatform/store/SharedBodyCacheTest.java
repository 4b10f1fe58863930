package org.mailplatform.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.Test;
import org.mailplatform.blob.BlobKey;
import org.mailplatform.model.Principal;
import org.mailplatform.store.config.MailboxStoreProperties;
import org.mailplatform.store.config.SharedBodyCacheProperties;
import org.mailplatform.store.mongo.MongoMailboxStore;
import org.springframework.util.unit.DataSize;

/**
 * The cluster-wide cache of small messages' bytes (ADR 0211): what a stored message leaves in it,
 * what another node reads from it instead of the object store, and what never gets in.
 */
class SharedBodyCacheTest extends OneStoreTest {

    private static final String SMALL = "From: a@example.com\r\nSubject: small\r\n\r\nshort body\r\n";

    private static String text(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static AppendRequest content(String message) {
        return AppendRequest.of(new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8)));
    }

    private static Document entry(String blobKey) {
        return mongo.getCollection("body_cache").find(new Document("_id", blobKey)).first();
    }

    private static void written(MongoMailboxStore s) {
        await("the copies are written behind the appends").until(s::sharedBodiesWritten);
    }

    @Test
    void aStoredSmallMessageIsCopiedAndAnotherNodeReadsItWithoutTheObjectStore() {
        Principal p = StoreFixture.newUser(store);
        store.append(p, "INBOX", content(SMALL));
        written(store);
        MessageMeta m = store.fetch(p, "INBOX", MessageRange.all()).getFirst();
        Document cached = entry(m.blobKey());
        assertThat(cached).isNotNull();
        assertThat(new String(((Binary) cached.get("bytes")).getData(), StandardCharsets.UTF_8)).isEqualTo(SMALL);
        assertThat(cached.getDate("expiresAt")).isAfter(java.util.Date.from(Instant.now().plusSeconds(23 * 3600)));

        // a node that never read it (its own node-local cache empty), with the object store's copy gone
        fixture.blobs.delete(new BlobKey(m.blobKey()));
        MongoMailboxStore otherNode = fixture.newStore(MailboxStoreProperties.defaults(), QuotaPolicy.fixed(0, 0));
        assertThat(text(otherNode.openContent(p, m, 0, m.size()))).isEqualTo(SMALL);
        assertThat(text(otherNode.openContent(p, m, 21, 14))).isEqualTo("Subject: small");
        assertThat(otherNode.cachedContents(p, "INBOX", MessageRange.all())).containsOnlyKeys(m.uid())
                .hasEntrySatisfying(m.uid(), bytes -> assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(SMALL));
    }

    @Test
    void aMessageDeliveredByReferenceIsItsPrefixThenTheSharedQueuedBlob() {
        Principal a = StoreFixture.newUser(store);
        Principal b = StoreFixture.newUser(store);
        BlobKey queued = BlobKey.newFor("inbound", Instant.now());
        byte[] body = SMALL.getBytes(StandardCharsets.UTF_8);
        fixture.blobs.put(queued, new ByteArrayInputStream(body), body.length);
        for (Principal p : List.of(a, b)) {
            byte[] prefix = ("Delivered-To: " + p.address() + "\r\n").getBytes(StandardCharsets.UTF_8);
            store.append(p, "INBOX", AppendRequest.byReference(new BlobReference(prefix, queued.value(), body.length),
                    Set.of(), Instant.now(), "in-" + p.userId()));
        }
        written(store);
        assertThat(mongo.getCollection("body_cache").countDocuments(new Document("_id", queued.value())))
                .as("one entry for the blob both messages refer to").isEqualTo(1);

        MongoMailboxStore otherNode = fixture.newStore(MailboxStoreProperties.defaults(), QuotaPolicy.fixed(0, 0));
        for (Principal p : List.of(a, b)) {
            List<MessageContent> contents = otherNode.fetchContents(p, "INBOX", MessageRange.all());
            Map<Long, byte[]> cached = otherNode.cachedContents(p, "INBOX", MessageRange.all());
            assertThat(new String(cached.get(contents.getFirst().meta().uid()), StandardCharsets.UTF_8))
                    .isEqualTo("Delivered-To: " + p.address() + "\r\n" + SMALL);
        }
    }

    /**
     * {@code cachedContents} answers from a read scoped to the principal, as {@code openContent}
     * checks the owner before it reads: naming another user's message (its UID, in the caller's own
     * mailbox of the same name) never gets that user's bytes, on this node or through the shared cache
     * on another.
     */
    @Test
    void cachedContentsAnswersOnlyForTheCallersOwnMessages() {
        Principal victim = StoreFixture.newUser(store);
        String secret = "From: a@example.com\r\nSubject: secret\r\n\r\nfor the victim only\r\n";
        store.append(victim, "INBOX", content(secret));
        Principal caller = StoreFixture.newUser(store);
        store.append(caller, "INBOX", content(SMALL));
        written(store);
        MessageMeta fetched = store.fetch(victim, "INBOX", MessageRange.all()).getFirst();
        assertThat(store.cachedContents(victim, "INBOX", MessageRange.all()))
                .as("their owner's").containsOnlyKeys(fetched.uid());

        MongoMailboxStore otherNode = fixture.newStore(MailboxStoreProperties.defaults(), QuotaPolicy.fixed(0, 0));
        for (Map<Long, byte[]> answer : List.of(
                store.cachedContents(caller, "INBOX", MessageRange.uids(UidSet.of(fetched.uid()))),
                otherNode.cachedContents(caller, "INBOX", MessageRange.uids(UidSet.of(fetched.uid()))))) {
            assertThat(answer.values()).as("the caller's own message at most")
                    .allSatisfy(bytes -> assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(SMALL));
        }
    }

    @Test
    void largeMessagesRefusedAppendsAndAStoreWithTheCacheOffLeaveNothing() {
        Principal p = StoreFixture.newUser(store);
        String large = SMALL + "x".repeat(17 * 1024) + "\r\n";
        store.append(p, "INBOX", content(large));
        MongoMailboxStore full = fixture.newStore(MailboxStoreProperties.defaults(), QuotaPolicy.fixed(10, 0));
        try {
            full.append(p, "INBOX", content(SMALL));
        } catch (OverQuotaException expected) {
            // refused: its blob is deleted and must not live on in the cache
        }
        MongoMailboxStore off = fixture.newStore(MailboxStoreProperties.defaults(), QuotaPolicy.fixed(0, 0),
                new SharedBodyCacheProperties(DataSize.ofBytes(0), null, null));
        Principal q = StoreFixture.newUser(off);
        off.append(q, "INBOX", content(SMALL));
        written(store);
        written(full);
        written(off);

        for (Principal owner : List.of(p, q)) {
            for (MessageMeta m : store.fetch(owner, "INBOX", MessageRange.all())) {
                assertThat(entry(m.blobKey())).as("size %d", m.size()).isNull();
            }
        }
        assertThat(store.fetch(p, "INBOX", MessageRange.all())).hasSize(1);
        assertThat(off.cachedContents(q, "INBOX", MessageRange.all())).isEmpty();
    }

    @Test
    void theGarbageCollectorsDeletionTakesTheCopyAlong() {
        Principal p = StoreFixture.newUser(store);
        store.append(p, "INBOX", content(SMALL));
        written(store);
        String key = store.fetch(p, "INBOX", MessageRange.all()).getFirst().blobKey();
        assertThat(entry(key)).isNotNull();

        maintenance.forgetCachedBodies(List.of(key));

        assertThat(entry(key)).isNull();
    }
}
