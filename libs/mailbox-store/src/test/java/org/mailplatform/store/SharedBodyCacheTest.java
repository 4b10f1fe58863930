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
        List<MessageContent> contents = otherNode.fetchContents(p, "INBOX", MessageRange.all());
        assertThat(otherNode.cachedContents(contents)).containsOnlyKeys(m.uid())
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
            Map<Long, byte[]> cached = otherNode.cachedContents(contents);
            assertThat(new String(cached.get(contents.getFirst().meta().uid()), StandardCharsets.UTF_8))
                    .isEqualTo("Delivered-To: " + p.address() + "\r\n" + SMALL);
        }
    }

    /**
     * {@code cachedContents} takes public records: metadata naming another user's blob, made up or
     * paired with an opener of the caller's own message, must not get that user's bytes from the
     * caches, as {@code openContent} checks the owner before it reads.
     */
    @Test
    void cachedContentsAnswersOnlyForMessagesAFetchOfTheirOwnerReturned() {
        Principal victim = StoreFixture.newUser(store);
        String secret = "From: a@example.com\r\nSubject: secret\r\n\r\nfor the victim only\r\n";
        store.append(victim, "INBOX", content(secret));
        Principal caller = StoreFixture.newUser(store);
        store.append(caller, "INBOX", content(SMALL));
        written(store);
        MessageMeta fetched = store.fetch(victim, "INBOX", MessageRange.all()).getFirst();
        assertThat(store.cachedContents(store.fetchContents(victim, "INBOX", MessageRange.all())))
                .as("their owner's fetchContents").containsOnlyKeys(fetched.uid());
        assertThat(store.cachedContents(List.of(new MessageContent(fetched, () -> {
            throw new IllegalStateException("not opened");
        })))).as("the metadata their owner's fetch returned (IMAP)").containsOnlyKeys(fetched.uid());
        MessageContent mine = store.fetchContents(caller, "INBOX", MessageRange.all()).getFirst();

        // all a caller can know of another's message, put in a record of its own
        MessageMeta theirs = new MessageMeta(fetched.mailboxId(), fetched.uid(), fetched.modSeq(), fetched.flags(),
                fetched.internalDate(), fetched.size(), fetched.blobKey(), null, fetched.prefix(), fetched.contentKey());
        MessageContent madeUp = new MessageContent(theirs, () -> {
            throw new IllegalStateException("not a fetched message");
        });
        MessageContent borrowed = new MessageContent(theirs, mine.opener());

        assertThat(store.cachedContents(List.of(madeUp))).isEmpty();
        MongoMailboxStore otherNode = fixture.newStore(MailboxStoreProperties.defaults(), QuotaPolicy.fixed(0, 0));
        assertThat(otherNode.cachedContents(List.of(madeUp))).as("from the shared cache").isEmpty();
        for (Map<Long, byte[]> answer : List.of(store.cachedContents(List.of(borrowed)),
                otherNode.cachedContents(List.of(borrowed)))) {
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
        assertThat(off.cachedContents(off.fetchContents(q, "INBOX", MessageRange.all()))).isEmpty();
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
