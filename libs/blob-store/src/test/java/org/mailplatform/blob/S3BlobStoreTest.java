package org.mailplatform.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.minio.MinioClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailplatform.embedded.BackendEndpoints;
import org.mailplatform.teststack.WithTestStack;

@WithTestStack
class S3BlobStoreTest {

    private MinioClient client;
    private S3BlobStore store;

    @BeforeEach
    void connect(BackendEndpoints stack) {
        S3Properties properties = properties(stack.s3().url(), stack.s3().accessKey(), stack.s3().secretKey(),
                "blobs-" + UUID.randomUUID().toString().substring(0, 8));
        client = BlobStoreFactory.client(properties);
        store = BlobStoreFactory.store(client, properties,
                CircuitBreaker.of("s3", BlobStoreFactory.breakerConfig(properties)),
                Retry.of("s3", BlobStoreFactory.retryConfig(properties)));
        store.ensureBucket();
    }

    @AfterEach
    void close() throws Exception {
        client.close();
    }

    @Test
    void streamOfUnknownLengthRoundTripsWholeAndByRange() throws Exception {
        byte[] payload = randomBytes(11 * 1024 * 1024 + 7);
        BlobKey key = BlobKey.newFor("inbound", Instant.parse("2026-11-22T10:00:00Z"));

        long stored = store.put(key, new SequenceInputStream(new ByteArrayInputStream(payload, 0, 3_000_000),
                new ByteArrayInputStream(payload, 3_000_000, payload.length - 3_000_000)), -1);

        assertThat(stored).isEqualTo(payload.length);
        assertThat(key.value()).startsWith("inbound/2026/11/");
        try (InputStream whole = store.open(key)) {
            assertThat(whole.readAllBytes()).isEqualTo(payload);
        }
        try (InputStream range = store.openRange(key, 5_242_870, 100)) {
            assertThat(range.readAllBytes()).isEqualTo(Arrays.copyOfRange(payload, 5_242_870, 5_242_970));
        }
    }

    @Test
    void smallBlobOfKnownLengthIsStoredInOnePut() throws Exception {
        BlobKey key = BlobKey.newFor("tenant-a", Instant.now());
        byte[] message = "Subject: hi\r\n\r\nhello\r\n".getBytes();

        assertThat(store.put(key, new ByteArrayInputStream(message), message.length)).isEqualTo(message.length);
        try (InputStream in = store.open(key)) {
            assertThat(in.readAllBytes()).isEqualTo(message);
        }
        assertThat(store.exists(key)).isTrue();
    }

    @Test
    void deletedBlobIsGoneAndDeletingAgainIsHarmless() {
        BlobKey key = BlobKey.newFor("tenant-a", Instant.now());
        store.put(key, new ByteArrayInputStream(new byte[] {1, 2, 3}), 3);

        store.delete(key);
        store.delete(key);

        assertThat(store.exists(key)).isFalse();
        assertThatThrownBy(() -> store.open(key)).isInstanceOf(BlobNotFoundException.class);
    }

    @Test
    void listingReturnsOnlyKeysUnderThePrefix() {
        Instant now = Instant.now();
        BlobKey a1 = BlobKey.newFor("tenant-a", now);
        BlobKey a2 = BlobKey.newFor("tenant-a", now);
        BlobKey b1 = BlobKey.newFor("tenant-b", now);
        for (BlobKey key : new BlobKey[] {a1, a2, b1}) {
            store.put(key, new ByteArrayInputStream(new byte[] {42}), 1);
        }

        assertThat(store.list("tenant-a/", 10)).extracting(BlobStore.BlobInfo::key).containsExactlyInAnyOrder(a1, a2);
        assertThat(store.list("tenant-a/", 1)).hasSize(1);
    }

    @Test
    void pagesFollowEachOtherInKeyOrderUntilAnEmptyOne() {
        List<BlobKey> month = putAll("tenant-a", 12);
        putAll("tenant-b", 2);

        List<BlobStore.BlobInfo> first = store.listPage("tenant-a/", null, 5);
        List<BlobStore.BlobInfo> second = store.listPage("tenant-a/", first.getLast().key().value(), 5);
        List<BlobStore.BlobInfo> third = store.listPage("tenant-a/", second.getLast().key().value(), 5);

        assertThat(first).extracting(BlobStore.BlobInfo::key).containsExactlyElementsOf(month.subList(0, 5));
        assertThat(second).extracting(BlobStore.BlobInfo::key).containsExactlyElementsOf(month.subList(5, 10));
        assertThat(third).extracting(BlobStore.BlobInfo::key).containsExactlyElementsOf(month.subList(10, 12));
        assertThat(store.listPage("tenant-a/", third.getLast().key().value(), 5)).isEmpty();
        assertThat(first.getFirst().lastModified()).isPositive();
        assertThat(first.getFirst().size()).isEqualTo(1);
    }

    @Test
    void walkFetchesOnePageAtATimeAsItIsConsumed() {
        List<BlobKey> month = putAll("tenant-a", 12);
        AtomicInteger pages = new AtomicInteger();
        BlobStore counting = countingPages(pages);

        try (Stream<BlobStore.BlobInfo> walk = counting.walk("tenant-a/", 5)) {
            assertThat(walk.limit(3)).hasSize(3);
        }
        assertThat(pages).as("a walk stopped early fetches no more pages").hasValue(1);

        try (Stream<BlobStore.BlobInfo> walk = counting.walk("tenant-a/", 5)) {
            assertThat(walk.map(BlobStore.BlobInfo::key)).containsExactlyElementsOf(month);
        }
        assertThat(pages).as("3 full or partial pages, then the empty one").hasValue(1 + 4);
    }

    @Test
    void deletingWhileWalkingVisitsEveryKeyOnce() {
        List<BlobKey> month = putAll("tenant-a", 12);
        List<BlobKey> seen = new ArrayList<>();

        try (Stream<BlobStore.BlobInfo> walk = store.walk("tenant-a/", 3)) {
            walk.forEach(blob -> {
                seen.add(blob.key());
                store.delete(blob.key());
            });
        }

        assertThat(seen).containsExactlyElementsOf(month);
        assertThat(store.list("tenant-a/", 100)).isEmpty();
    }

    @Test
    void keysCannotClimbOutOfTheirPrefix() {
        assertThatThrownBy(() -> new BlobKey("tenant-a/../tenant-b/x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BlobKey("/absolute")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unreachableStoreIsReportedAsTemporaryAndOpensTheBreaker() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        S3Properties properties = properties("http://127.0.0.1:" + deadPort, "k", "secret-key", "dead");
        CircuitBreaker breaker = CircuitBreaker.of("s3", BlobStoreFactory.breakerConfig(properties));
        try (MinioClient dead = BlobStoreFactory.client(properties)) {
            S3BlobStore unreachable = BlobStoreFactory.store(dead, properties, breaker,
                    Retry.of("s3", BlobStoreFactory.retryConfig(properties)));
            BlobKey key = BlobKey.newFor("t", Instant.now());
            for (int i = 0; i < 10; i++) {
                assertThatThrownBy(() -> unreachable.put(key, new ByteArrayInputStream(new byte[1]), 1))
                        .isInstanceOf(BlobStoreUnavailableException.class);
            }
            assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
            assertThatThrownBy(() -> unreachable.open(key))
                    .isInstanceOf(BlobStoreUnavailableException.class)
                    .hasMessageContaining("circuit open");
        }
    }

    /** {@code n} one-byte blobs under {@code prefix}, in one month; returned in key order. */
    private List<BlobKey> putAll(String prefix, int n) {
        Instant month = Instant.parse("2026-03-10T10:00:00Z");
        List<BlobKey> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BlobKey key = BlobKey.newFor(prefix, month);
            store.put(key, new ByteArrayInputStream(new byte[] {42}), 1);
            keys.add(key);
        }
        keys.sort(Comparator.comparing(BlobKey::value));
        return keys;
    }

    /** The store, counting the pages a walk asks for (its default {@code walk} goes through {@code listPage}). */
    private BlobStore countingPages(AtomicInteger pages) {
        return (BlobStore) Proxy.newProxyInstance(BlobStore.class.getClassLoader(),
                new Class<?>[] {BlobStore.class}, (proxy, method, args) -> {
                    if (method.isDefault()) {
                        return InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    if (method.getName().equals("listPage")) {
                        pages.incrementAndGet();
                    }
                    return method.invoke(store, args);
                });
    }

    private static S3Properties properties(String url, String accessKey, String secretKey, String bucket) {
        return new S3Properties(url, accessKey, secretKey, "us-east-1", bucket, true, 5 * 1024 * 1024,
                Duration.ofSeconds(2), Duration.ofSeconds(30), 2, 50, Duration.ofSeconds(30));
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new Random(7).nextBytes(bytes);
        return bytes;
    }
}
