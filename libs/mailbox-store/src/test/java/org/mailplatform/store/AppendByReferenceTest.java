package org.mailplatform.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.mailplatform.blob.BlobKey;
import org.mailplatform.blob.BlobNotFoundException;
import org.mailplatform.model.Principal;
import org.mailplatform.store.config.MailboxStoreProperties;
import org.mailplatform.store.mongo.MongoMailboxStore;
import org.mailplatform.store.mongo.StoreMaintenance;
import org.mailplatform.teststack.WithTestStack;
import org.springframework.util.unit.DataSize;

/**
 * Appends by reference ({@link BlobReference}): a prefix kept with the message, then a blob the
 * caller keeps (final delivery's queued message). Readers must get exactly prefix + blob, and the
 * store must never delete the referenced blob.
 */
@WithTestStack
class AppendByReferenceTest extends OneStoreTest {

    private static final String BODY = "From: Alice <alice@example.com>\r\nTo: list@example.org\r\n"
            + "Subject: shared body\r\nMessage-ID: <ref-1@example.com>\r\n\r\nthe quick brown fox\r\n";

    private static BlobKey queued(String body) {
        BlobKey key = BlobKey.newFor("inbound", Instant.now());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        fixture.blobs.put(key, new ByteArrayInputStream(bytes), bytes.length);
        return key;
    }

    private static byte[] prefix(Principal p) {
        return ("Return-Path: <alice@example.com>\r\nDelivered-To: " + p.address() + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static AppendRequest byReference(Principal p, BlobKey blob, String key) {
        return AppendRequest.byReference(new BlobReference(prefix(p), blob.value()), Set.of(),
                Instant.parse("2026-12-01T10:00:00Z"), key);
    }

    private static String read(Principal p, MessageMeta m, long offset, long length) {
        try (InputStream in = store.openContent(p, m, offset, length)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String whole(Principal p, String mailbox) {
        MessageMeta m = store.fetch(p, mailbox, MessageRange.all()).getLast();
        return read(p, m, 0, m.size());
    }

    @Test
    void theMessageIsThePrefixThenTheBlobInEveryRangeAndNoBlobIsWritten() {
        Principal p = StoreFixture.newUser(store);
        BlobKey blob = queued(BODY);
        String expected = new String(prefix(p), StandardCharsets.UTF_8) + BODY;

        AppendResult stored = store.append(p, "INBOX", byReference(p, blob, "in-" + UUID.randomUUID()));

        MessageMeta m = store.fetch(p, "INBOX", MessageRange.all()).getFirst();
        assertThat(stored.size()).isEqualTo(expected.length());
        assertThat(m.size()).isEqualTo(expected.length());
        assertThat(m.blobKey()).isEqualTo(blob.value());
        assertThat(m.summary().header("Delivered-To")).isEqualTo(p.address());
        assertThat(m.summary().envelope().subject()).isEqualTo("shared body");
        int p0 = prefix(p).length;
        assertThat(read(p, m, 0, m.size())).isEqualTo(expected);
        assertThat(read(p, m, 5, 10)).as("inside the prefix").isEqualTo(expected.substring(5, 15));
        assertThat(read(p, m, p0 - 4, 20)).as("across its end").isEqualTo(expected.substring(p0 - 4, p0 + 16));
        assertThat(read(p, m, p0 + 7, 9)).as("inside the blob").isEqualTo(expected.substring(p0 + 7, p0 + 16));
        assertThat(read(p, m, expected.length() - 3, 100)).as("past the end").isEqualTo(expected.substring(expected.length() - 3));
        // the body part's offsets are the whole message's: a part read ends up in the blob
        long bodyOffset = m.summary().body().bodyOffset();
        assertThat(read(p, m, bodyOffset, m.summary().body().bodySize())).isEqualTo("the quick brown fox\r\n");
        assertThat(store.fetchContents(p, "INBOX", MessageRange.all())).singleElement().satisfies(c -> {
            try (InputStream in = c.open()) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(expected);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertThat(fixture.blobs.list(StoreMaintenance.blobPrefix(p.tenantId()) + "/", 10))
                .as("no copy of the body under the tenant").isEmpty();
        assertThat(new StoreMaintenance(fixture.template()).referencedBlobs(List.of(blob.value())))
                .containsExactly(blob.value());
    }

    @Test
    void twoUsersDeliveriesOfOneBlobKeepTheirOwnPrefixesSummariesAndEmailIds() {
        Principal a = StoreFixture.newUser(store);
        Principal b = StoreFixture.newUser(store);
        BlobKey blob = queued(BODY);
        store.append(a, "INBOX", byReference(a, blob, "in-a"));
        store.append(b, "INBOX", byReference(b, blob, "in-b"));

        // twice each: the second reads come from the node's caches, which a shared blob must not confuse
        for (int round = 0; round < 2; round++) {
            MessageMeta ma = store.fetch(a, "INBOX", MessageRange.all()).getFirst();
            MessageMeta mb = store.fetch(b, "INBOX", MessageRange.all()).getFirst();
            assertThat(ma.summary().header("Delivered-To")).isEqualTo(a.address());
            assertThat(mb.summary().header("Delivered-To")).isEqualTo(b.address());
            assertThat(ma.contentKey()).isNotEqualTo(mb.contentKey());
            assertThat(whole(a, "INBOX")).contains("Delivered-To: " + a.address()).doesNotContain(b.address());
            assertThat(whole(b, "INBOX")).contains("Delivered-To: " + b.address()).doesNotContain(a.address());
        }
    }

    @Test
    void aBlobOfKnownSizeDeliveredToSeveralUsersOfANodeIsReadOnceAndNotAtAllWhenTheCallerHasItsBytes() {
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        org.mailplatform.blob.BlobStore counting = (org.mailplatform.blob.BlobStore) java.lang.reflect.Proxy
                .newProxyInstance(getClass().getClassLoader(), new Class<?>[] {org.mailplatform.blob.BlobStore.class},
                        (proxy, method, args) -> {
                            if (method.getName().startsWith("open")) {
                                reads.incrementAndGet();
                            }
                            try {
                                return method.invoke(fixture.blobs, args);
                            } catch (java.lang.reflect.InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
        MongoMailboxStore node = new MongoMailboxStore(fixture.template(), counting, fixture.publisher, fixture.meters,
                MailboxStoreProperties.defaults(), QuotaPolicy.fixed(0, 0));
        BlobKey sized = queued(BODY);
        BlobKey unsized = queued(BODY);
        List<Principal> users = List.of(StoreFixture.newUser(node), StoreFixture.newUser(node), StoreFixture.newUser(node));

        for (Principal p : users) {
            node.append(p, "INBOX", AppendRequest.byReference(new BlobReference(prefix(p), sized.value(),
                    BODY.length()), Set.of(), null, null));
        }
        int withSize = reads.getAndSet(0);
        for (Principal p : users) {
            node.append(p, "INBOX", AppendRequest.byReference(new BlobReference(prefix(p), unsized.value()), Set.of(),
                    null, null));
        }

        assertThat(withSize).isEqualTo(1);
        assertThat(reads.get()).as("without the size, each append reads the blob").isEqualTo(3);

        BlobKey carried = queued(BODY);
        byte[] bytes = BODY.getBytes(StandardCharsets.UTF_8);
        reads.set(0);
        for (Principal p : users) {
            node.append(p, "INBOX", AppendRequest.byReference(new BlobReference(prefix(p), carried.value(),
                    bytes.length, bytes), Set.of(), null, null));
        }
        assertThat(reads.get()).as("bytes the caller has are not read back").isZero();
        BlobKey wrongLength = queued(BODY);
        node.append(users.get(0), "INBOX", AppendRequest.byReference(new BlobReference(prefix(users.get(0)),
                wrongLength.value(), bytes.length, java.util.Arrays.copyOf(bytes, bytes.length - 1)), Set.of(), null, null));
        assertThat(reads.get()).as("a copy of another length is ignored: the blob is read").isEqualTo(1);
        for (Principal p : users) {
            assertThat(node.fetch(p, "INBOX", MessageRange.all())).hasSize(p == users.get(0) ? 4 : 3).allSatisfy(m -> assertThat(
                    read(node, p, m)).isEqualTo(new String(prefix(p), StandardCharsets.UTF_8) + BODY));
        }
    }

    private static String read(MailboxStore from, Principal p, MessageMeta m) {
        try (InputStream in = from.openContent(p, m, 0, m.size())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aCopyKeepsThePrefixAndSearchReadsTheBlobAtShiftedOffsets() {
        Principal p = StoreFixture.newUser(store);
        BlobKey blob = queued(BODY);
        store.append(p, "INBOX", byReference(p, blob, null));

        store.copy(p, "INBOX", MessageRange.all(), "Archive");

        assertThat(whole(p, "Archive")).isEqualTo(whole(p, "INBOX"));
        MessageMeta original = store.fetch(p, "INBOX", MessageRange.all()).getFirst();
        MessageMeta copy = store.fetch(p, "Archive", MessageRange.all()).getFirst();
        assertThat(copy.contentKey()).isEqualTo(original.contentKey());
        assertThat(store.search(p, "INBOX", new SearchCriteria.Body("brown fox")).uids()).containsExactly(original.uid());
        assertThat(store.search(p, "INBOX", new SearchCriteria.Body("Delivered-To")).uids())
                .as("BODY looks at the body only").isEmpty();
        assertThat(store.search(p, "Archive", new SearchCriteria.Text(p.address())).uids())
                .as("TEXT finds the prefix's header").containsExactly(copy.uid());
    }

    @Test
    void aRepeatedOrRefusedAppendNeverDeletesTheReferencedBlob() {
        Principal p = StoreFixture.newUser(store);
        BlobKey blob = queued(BODY);
        String key = "in-" + UUID.randomUUID();

        AppendResult first = store.append(p, "INBOX", byReference(p, blob, key));
        AppendResult again = store.append(p, "INBOX", byReference(p, blob, key));
        List<AppendOutcome> batch = store.appendAll(p, "INBOX",
                List.of(byReference(p, blob, key), byReference(p, blob, key)));

        assertThat(again.duplicate()).isTrue();
        assertThat(again.uid()).isEqualTo(first.uid());
        assertThat(batch).allSatisfy(o -> assertThat(o.result().duplicate()).isTrue());
        assertThat(fixture.blobs.exists(blob)).as("the stored message's body").isTrue();
        assertThat(whole(p, "INBOX")).endsWith(BODY);

        MongoMailboxStore full = fixture.newStore(MailboxStoreProperties.defaults(), QuotaPolicy.fixed(10, 0));
        Principal q = StoreFixture.newUser(full);
        assertThatThrownBy(() -> full.append(q, "INBOX", byReference(q, blob, "in-" + UUID.randomUUID())))
                .isInstanceOf(OverQuotaException.class);
        assertThat(fixture.blobs.exists(blob)).as("refused over quota").isTrue();
    }

    @Test
    void aMissingBlobOrOneTooLargeIsRefusedAndNothingIsStored() {
        Principal p = StoreFixture.newUser(store);
        BlobKey missing = BlobKey.newFor("inbound", Instant.now());

        assertThatThrownBy(() -> store.append(p, "INBOX", byReference(p, missing, null)))
                .isInstanceOf(BlobNotFoundException.class);

        MailboxStoreProperties small = new MailboxStoreProperties(DataSize.ofBytes(100), null, null, null, null, null,
                null, null, null, null, null, null, null, null);
        MongoMailboxStore limited = fixture.newStore(small, QuotaPolicy.fixed(0, 0));
        BlobKey blob = queued(BODY + "x".repeat(200) + "\r\n");
        assertThatThrownBy(() -> limited.append(p, "INBOX", byReference(p, blob, null)))
                .isInstanceOf(MessageTooLargeException.class);
        assertThat(fixture.blobs.exists(blob)).isTrue();
        assertThat(store.fetch(p, "INBOX", MessageRange.all())).isEmpty();
    }
}
