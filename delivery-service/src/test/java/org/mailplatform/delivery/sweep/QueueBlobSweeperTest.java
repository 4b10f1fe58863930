package org.mailplatform.delivery.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.minio.MinioClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailplatform.blob.BlobKey;
import org.mailplatform.blob.BlobStore;
import org.mailplatform.blob.BlobStoreFactory;
import org.mailplatform.blob.S3Properties;
import org.mailplatform.delivery.support.MovableClock;
import org.mailplatform.embedded.BackendEndpoints;
import org.mailplatform.teststack.WithTestStack;

/**
 * The sweeper against the test stack's S3, each test in its own bucket. S3 stamps blobs with the
 * real time they were written; the sweeper's clock is moved days ahead instead of waiting.
 */
@WithTestStack
class QueueBlobSweeperTest {

    private static final Duration RETENTION = Duration.ofDays(7);
    /** No mailbox message refers to these blobs (references: {@code ReferencedQueueBlobTest}). */
    private static final QueueBlobSweeper.ReferencedBlobs NOTHING_REFERENCED = (keys, since) -> java.util.Set.of();

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final MovableClock clock = new MovableClock(Instant.now());
    private MinioClient client;
    private BlobStore blobs;

    @BeforeEach
    void connect(BackendEndpoints stack) {
        S3Properties s3 = new S3Properties(stack.s3().url(), stack.s3().accessKey(), stack.s3().secretKey(), "us-east-1",
                "queue-sweep-" + UUID.randomUUID().toString().substring(0, 8), true, 5 * 1024 * 1024,
                Duration.ofSeconds(2), Duration.ofSeconds(30), 2, 50, Duration.ofSeconds(30));
        client = BlobStoreFactory.client(s3);
        var store = BlobStoreFactory.store(client, s3, CircuitBreaker.of("s3", BlobStoreFactory.breakerConfig(s3)),
                Retry.of("s3", BlobStoreFactory.retryConfig(s3)));
        store.ensureBucket();
        blobs = store;
    }

    @AfterEach
    void close() throws Exception {
        client.close();
    }

    @Test
    void queuedBodiesAreKeptUntilTheRetentionHasPassedThenDeletedAndOtherPrefixesAreLeftAlone() {
        List<BlobKey> queued = putAll("inbound", Instant.now(), 3);
        List<BlobKey> others = new ArrayList<>(putAll("acme", Instant.now(), 2));
        others.addAll(putAll("inbound-archive", Instant.now(), 1));
        QueueBlobSweeper sweeper = sweeper(1000);

        clock.advance(RETENTION.minusHours(1));
        assertThat(sweeper.run()).isZero();
        assertThat(queued).allMatch(blobs::exists);

        clock.advance(Duration.ofHours(2));
        assertThat(sweeper.run()).isEqualTo(3);

        assertThat(queued).noneMatch(blobs::exists);
        assertThat(others).allMatch(blobs::exists);
        assertThat(meters.get("mail.delivery.queue.blobs").tag("outcome", "deleted").counter().count()).isEqualTo(3);
        assertThat(meters.get("mail.delivery.queue.sweeps").timer().count()).isEqualTo(2);
    }

    @Test
    void onlyTheBlobsOlderThanTheCutoffGoWhenAMonthHoldsBoth() {
        BlobKey old = putAll("inbound", Instant.now(), 1).getFirst();
        Instant written = Instant.ofEpochMilli(blobs.list(old.value(), 1).getFirst().lastModified());
        // S3 may stamp whole seconds: the younger blob is written well clear of the cutoff
        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(written.plusSeconds(3)));
        BlobKey young = putAll("inbound", Instant.now(), 1).getFirst();

        clock.set(written.plus(RETENTION).plusSeconds(1));
        assertThat(sweeper(1000).run()).isEqualTo(1);

        assertThat(blobs.exists(old)).isFalse();
        assertThat(blobs.exists(young)).isTrue();
    }

    @Test
    void monthsWithMoreBlobsThanOnePageAreSweptWhollyInOneRun() {
        Instant now = Instant.now();
        List<BlobKey> queued = new ArrayList<>(putAll("inbound", now, 13));
        // written now but keyed a month earlier, as a message received just before a month's end
        queued.addAll(putAll("inbound", now.minus(31, ChronoUnit.DAYS), 4));

        clock.advance(RETENTION.plusDays(1));
        assertThat(sweeper(3).run()).isEqualTo(17);

        assertThat(blobs.list("inbound/", 100)).isEmpty();
    }

    @Test
    void aBlobAnotherInstanceDeletedMeanwhileIsNoError() {
        List<BlobKey> queued = putAll("inbound", Instant.now(), 7);
        // every page is stale: another sweeper deletes its blobs between the listing and our deletes
        BlobStore raced = (BlobStore) Proxy.newProxyInstance(BlobStore.class.getClassLoader(),
                new Class<?>[] {BlobStore.class}, (proxy, method, args) -> {
                    if (method.isDefault()) {
                        return InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    Object result = method.invoke(blobs, args);
                    if (method.getName().equals("listPage")) {
                        ((List<?>) result).forEach(blob -> blobs.delete(((BlobStore.BlobInfo) blob).key()));
                    }
                    return result;
                });

        clock.advance(RETENTION.plusDays(1));
        new QueueBlobSweeper(raced, NOTHING_REFERENCED, properties(3), clock, meters).run();

        assertThat(queued).noneMatch(blobs::exists);
    }

    private QueueBlobSweeper sweeper(int pageSize) {
        return new QueueBlobSweeper(blobs, NOTHING_REFERENCED, properties(pageSize), clock, meters);
    }

    private static QueueBlobProperties properties(int pageSize) {
        return new QueueBlobProperties(true, List.of("inbound"), RETENTION, Duration.ofHours(1), 3, pageSize);
    }

    private List<BlobKey> putAll(String prefix, Instant keyedAt, int n) {
        List<BlobKey> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BlobKey key = BlobKey.newFor(prefix, keyedAt);
            blobs.put(key, new ByteArrayInputStream(new byte[] {'x'}), 1);
            keys.add(key);
        }
        return keys;
    }
}
