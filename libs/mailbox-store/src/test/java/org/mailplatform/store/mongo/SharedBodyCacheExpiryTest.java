package org.mailplatform.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailplatform.embedded.BackendEndpoints;
import org.mailplatform.store.config.SharedBodyCacheProperties;
import org.mailplatform.teststack.MovableClock;
import org.mailplatform.teststack.WithTestStack;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.util.unit.DataSize;

/**
 * Entries of the shared body cache end with their ttl even where MongoDB's TTL monitor does not run
 * (the embedded server): the cache's own hourly sweep deletes them. Also its size limit, repeated
 * offers and the write queue's bound.
 */
@WithTestStack
class SharedBodyCacheExpiryTest {

    static MongoClient client;
    static MongoTemplate mongo;

    @BeforeAll
    static void start(BackendEndpoints stack) {
        client = MongoClients.create(stack.mongoUri());
        mongo = new MongoTemplate(client, "bodies-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    private static SharedBodyCache cache(MovableClock clock, SimpleMeterRegistry meters, int queue) {
        return new SharedBodyCache(mongo, new SharedBodyCacheProperties(DataSize.ofBytes(100), Duration.ofHours(24),
                queue), meters, clock);
    }

    @Test
    void expiredEntriesAreSweptAndOnlyBlobsUpToTheLimitAreKept() {
        MovableClock clock = new MovableClock(Instant.parse("2026-12-05T10:00:00Z"));
        SharedBodyCache cache = cache(clock, new SimpleMeterRegistry(), 16);
        cache.offer("t/old", "old bytes".getBytes());
        cache.offer("t/large", new byte[101]);
        await().until(cache::idle);
        assertThat(cache.get("t/old")).asString().isEqualTo("old bytes");
        assertThat(cache.get("t/large")).as("over max-blob").isNull();

        clock.advance(Duration.ofHours(25));
        cache.offer("t/new", "new bytes".getBytes());
        await().until(cache::idle);

        assertThat(cache.getAll(List.of("t/old", "t/new", "t/none"))).containsOnlyKeys("t/new");
    }

    @Test
    void aRepeatedOfferIsADuplicateNotAFailureAndAFullQueueDropsInsteadOfWaiting() {
        MovableClock clock = new MovableClock(Instant.parse("2026-12-05T10:00:00Z"));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        SharedBodyCache cache = cache(clock, meters, 1);
        cache.offer("t/twice", "bytes".getBytes());
        await().until(cache::idle);
        cache.offer("t/twice", "bytes".getBytes());
        await().until(cache::idle);
        assertThat(meters.counter("mail.store.shared.bodies.writes", "outcome", "duplicate").count()).isEqualTo(1);
        assertThat(meters.counter("mail.store.shared.bodies.writes", "outcome", "failed").count()).isZero();

        for (int i = 0; i < 200; i++) {
            cache.offer("t/burst-" + i, "bytes".getBytes());
        }
        await().until(cache::idle);
        double written = meters.counter("mail.store.shared.bodies.writes", "outcome", "written").count();
        double dropped = meters.counter("mail.store.shared.bodies.writes", "outcome", "dropped").count();
        assertThat(written - 1 + dropped).isEqualTo(200);
        assertThat(dropped).as("a queue of one cannot take a burst of 200").isPositive();
    }
}
