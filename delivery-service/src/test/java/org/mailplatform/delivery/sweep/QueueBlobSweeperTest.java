package org.mailplatform.delivery.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.minio.MinioClient;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailplatform.blob.BlobKey;
import org.mailplatform.blob.BlobStore;
import org.mailplatform.blob.BlobStoreFactory;
import org.mailplatform.blob.S3Properties;
import org.mailplatform.teststack.MovableClock;
import org.mailplatform.embedded.BackendEndpoints;
import org.mailplatform.store.mongo.StoreMaintenance;
import org.mailplatform.teststack.WithTestStack;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The sweeper against the test stack's S3 and MongoDB, each test in its own bucket and database,
 * with mailbox-store's own reference, release and checkpoint queries. S3 stamps blobs with the real
 * time they were written and their keys are named after any hour the test picks; the sweeper's clock
 * is moved days ahead instead of waiting. Messages are documents with only what those queries read
 * (a blob key, whether and when expunged); delivery and expunge for real: {@code DeliveryByReferenceTest}.
 */
@WithTestStack
class QueueBlobSweeperTest {

    private static final Duration RETENTION = Duration.ofDays(7);
    private static final String WALK = "queue-sweep.inbound.full-walk";

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    /** When the test started: every blob is written (S3's lastModified) a little after this. */
    private final Instant start = Instant.now();
    private final MovableClock clock = new MovableClock(start);
    private final String database = "queue-sweep-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<MongoClient> mongoClients = new ArrayList<>();
    private BackendEndpoints stack;
    private MinioClient client;
    private BlobStore blobs;
    private MongoTemplate mongo;

    @BeforeEach
    void connect(BackendEndpoints stack) {
        this.stack = stack;
        S3Properties s3 = new S3Properties(stack.s3().url(), stack.s3().accessKey(), stack.s3().secretKey(), "us-east-1",
                database, true, 5 * 1024 * 1024, Duration.ofSeconds(2), Duration.ofSeconds(30), 2, 50,
                Duration.ofSeconds(30));
        client = BlobStoreFactory.client(s3);
        var store = BlobStoreFactory.store(client, s3, CircuitBreaker.of("s3", BlobStoreFactory.breakerConfig(s3)),
                Retry.of("s3", BlobStoreFactory.retryConfig(s3)));
        store.ensureBucket();
        blobs = store;
        mongo = template();
    }

    /** A client of its own, as another instance of the service has. */
    private MongoTemplate template() {
        MongoClient c = MongoClients.create(stack.mongoUri());
        mongoClients.add(c);
        return new MongoTemplate(c, database);
    }

    @AfterEach
    void close() throws Exception {
        mongo.getDb().drop();
        mongoClients.forEach(MongoClient::close);
        client.close();
    }

    @Test
    void aRunListsOnlyTheHourBucketsThatPassedTheRetentionSinceTheLastRun() {
        clock.set(start.plus(RETENTION).plus(Duration.ofMinutes(10)));
        QueueBlobSweeper sweeper = sweeper(properties(1000));
        assertThat(sweeper.run()).isZero(); // the first run walks everything: nothing yet
        Instant cutoff = clock.instant().minus(RETENTION);
        Instant hour = cutoff.truncatedTo(ChronoUnit.HOURS); // its bucket ends after this run's cutoff
        List<BlobKey> due = new ArrayList<>(putHourly("inbound", hour, 2));
        due.addAll(putHourly("inbound", hour.plus(Duration.ofHours(1)), 1));
        List<BlobKey> passedBefore = putHourly("inbound", hour.minus(Duration.ofHours(3)), 1);
        List<BlobKey> young = putHourly("inbound", hour.plus(Duration.ofHours(5)), 1);
        List<BlobKey> others = putHourly("acme", hour, 1);

        clock.advance(Duration.ofHours(2));
        assertThat(sweeper.run()).isEqualTo(3);

        assertThat(due).noneMatch(blobs::exists);
        assertThat(passedBefore).allMatch(blobs::exists); // left to the next full walk
        assertThat(young).allMatch(blobs::exists);
        assertThat(others).allMatch(blobs::exists);
        assertThat(examined("window")).isEqualTo(3);
        assertThat(examined("walk")).isZero();
        assertThat(counted("deleted")).isEqualTo(3);
        assertThat(meters.get("mail.delivery.queue.sweeps").timer().count()).isEqualTo(2);

        // a week after the first run's walk, the next walks again and finds what the window did not
        clock.advance(Duration.ofDays(7));
        assertThat(sweeper.run()).isEqualTo(2);
        assertThat(passedBefore).noneMatch(blobs::exists);
        assertThat(young).noneMatch(blobs::exists);
        assertThat(others).allMatch(blobs::exists);
        assertThat(examined("walk")).isEqualTo(2);
    }

    @Test
    void theFirstRunWalksThePrefixWholeAndDeletesLegacyMonthKeysToo() {
        List<BlobKey> old = new ArrayList<>(putMonthly("inbound", start, 2));
        old.addAll(putHourly("inbound", start, 1));
        List<BlobKey> referenced = putHourly("inbound", start, 1);
        message(referenced.getFirst(), null);
        List<BlobKey> others = new ArrayList<>(putMonthly("acme", start, 1));
        others.addAll(putMonthly("inbound-archive", start, 1));
        QueueBlobSweeper sweeper = sweeper(properties(1000));

        clock.set(start.plus(RETENTION).plus(Duration.ofHours(1)));
        assertThat(sweeper.run()).isEqualTo(3);

        assertThat(old).noneMatch(blobs::exists);
        assertThat(referenced).allMatch(blobs::exists);
        assertThat(others).allMatch(blobs::exists);
        assertThat(examined("walk")).isEqualTo(4);
        assertThat(counted("referenced")).isEqualTo(1);

        // the next run lists the hours since, not the prefix
        clock.advance(Duration.ofHours(1));
        assertThat(sweeper.run()).isZero();
        assertThat(examined("walk")).isEqualTo(4);
    }

    @Test
    void aBodyReleasedAfterTheRetentionGoesWithTheReleaseAndAYoungerOneIsLeftToItsWindow() {
        clock.set(start.plus(RETENTION).plus(Duration.ofHours(1)));
        Instant young = clock.instant().minus(Duration.ofHours(3)); // written three hours before the sweep
        // keyed a few hours before the test, so no window of this test lists its hour
        BlobKey old = putHourly("inbound", start.minus(Duration.ofHours(3)), 1).getFirst();
        BlobKey recent = putHourly("inbound", young, 1).getFirst();
        message(old, null);
        message(recent, null);
        QueueBlobSweeper sweeper = sweeper(properties(1000));
        assertThat(sweeper.run()).isZero();
        assertThat(counted("referenced")).isEqualTo(1); // the recent one's hour has not passed the retention

        // both messages expunged; the next run, an hour later, is past the expunge grace
        clock.advance(Duration.ofHours(1));
        expunge(old, clock.instant().minus(Duration.ofMinutes(90)));
        expunge(recent, clock.instant().minus(Duration.ofMinutes(90)));
        assertThat(sweeper.run()).isEqualTo(1);

        assertThat(blobs.exists(old)).isFalse();
        assertThat(blobs.exists(recent)).isTrue();
        assertThat(examined("released")).isEqualTo(2);
        assertThat(examined("window")).isZero(); // the old one's hour was walked by the first run

        // once its hour has passed the retention, the window deletes it
        clock.set(young.plus(RETENTION).plus(Duration.ofHours(1)));
        assertThat(sweeper.run()).isEqualTo(1);
        assertThat(blobs.exists(recent)).isFalse();
        assertThat(examined("window")).isEqualTo(1);
    }

    @Test
    void aReleasedBodyThatAMessageStillRefersToIsKept() {
        clock.set(start.plus(RETENTION).plus(Duration.ofHours(1)));
        BlobKey shared = putHourly("inbound", start.minus(Duration.ofHours(3)), 1).getFirst();
        message(shared, null);
        message(shared, null);
        QueueBlobSweeper sweeper = sweeper(properties(1000));
        sweeper.run();

        clock.advance(Duration.ofHours(2));
        // both its messages expunged, one of them after it was copied
        expunge(shared, clock.instant().minus(Duration.ofMinutes(90)));
        expunge(shared, clock.instant().minus(Duration.ofMinutes(90)));
        message(shared, null);

        assertThat(sweeper.run()).isZero();
        assertThat(blobs.exists(shared)).isTrue();
        assertThat(examined("released")).isEqualTo(1);
    }

    /**
     * A delivery by reference copies a small queued body to mailbox-store's shared body cache (ADR
     * 0211); the sweeper deletes the copy with the body, by the walk and by the released pass, and
     * leaves the copy of a body a message still refers to.
     */
    @Test
    void theSharedCacheCopiesOfTheBodiesItDeletesGoWithThem() {
        clock.set(start.plus(RETENTION).plus(Duration.ofHours(1)));
        List<BlobKey> orphans = putHourly("inbound", start.minus(Duration.ofHours(3)), 2);
        BlobKey referenced = putHourly("inbound", start.minus(Duration.ofHours(3)), 1).getFirst();
        BlobKey released = putHourly("inbound", start.minus(Duration.ofHours(3)), 1).getFirst();
        message(referenced, null);
        message(released, null);
        List<BlobKey> all = new ArrayList<>(orphans);
        all.add(referenced);
        all.add(released);
        all.forEach(this::cacheCopy);
        QueueBlobSweeper sweeper = sweeper(properties(1000));

        assertThat(sweeper.run()).as("the first run's walk").isEqualTo(2);
        assertThat(orphans).noneMatch(blobs::exists).noneMatch(this::cached);
        assertThat(List.of(referenced, released)).allMatch(blobs::exists).allMatch(this::cached);

        clock.advance(Duration.ofHours(1));
        expunge(released, clock.instant().minus(Duration.ofMinutes(90)));
        assertThat(sweeper.run()).as("the released pass").isEqualTo(1);
        assertThat(blobs.exists(released)).isFalse();
        assertThat(cached(released)).isFalse();
        assertThat(cached(referenced)).isTrue();
    }

    @Test
    void aFullWalkIntervalOfZeroNeverWalksNotEvenOnTheFirstRun() {
        List<BlobKey> legacy = putMonthly("inbound", start, 1);
        List<BlobKey> passed = putHourly("inbound", start.minus(Duration.ofHours(2)), 1);
        QueueBlobSweeper sweeper = sweeper(new QueueBlobProperties(true, List.of("inbound"), RETENTION,
                Duration.ofHours(1), Duration.ZERO, 1000, 0));

        clock.set(start.plus(RETENTION).plus(Duration.ofMinutes(10)));
        assertThat(sweeper.run()).isZero();
        Instant hour = clock.instant().minus(RETENTION).truncatedTo(ChronoUnit.HOURS);
        List<BlobKey> next = putHourly("inbound", hour, 1);
        clock.advance(Duration.ofDays(30));
        for (int i = 0; i < 6; i++) {
            sweeper.run();
        }

        assertThat(next).noneMatch(blobs::exists);
        assertThat(legacy).allMatch(blobs::exists);
        assertThat(passed).allMatch(blobs::exists);
        assertThat(examined("walk")).isZero();
    }

    @Test
    void withoutFullWalksALongGapIsCaughtUpAWeekOfHoursPerRun() {
        QueueBlobSweeper sweeper = sweeper(new QueueBlobProperties(true, List.of("inbound"), RETENTION,
                Duration.ofHours(1), Duration.ZERO, 1000, 0));
        clock.set(start.plus(RETENTION).plus(Duration.ofMinutes(10)));
        sweeper.run();
        Instant cutoff = clock.instant().minus(RETENTION);
        List<BlobKey> inFirstWeek = putHourly("inbound", cutoff.plus(Duration.ofDays(2)), 1);
        List<BlobKey> later = putHourly("inbound", cutoff.plus(Duration.ofDays(8)), 1);

        clock.advance(Duration.ofDays(10));
        assertThat(sweeper.run()).isEqualTo(1);
        assertThat(inFirstWeek).noneMatch(blobs::exists);
        assertThat(later).allMatch(blobs::exists);

        assertThat(sweeper.run()).isEqualTo(1);
        assertThat(later).noneMatch(blobs::exists);
    }

    @Test
    void hoursWithMoreBlobsThanOnePageAreSweptWhollyInOneRun() {
        clock.set(start.plus(RETENTION).plus(Duration.ofMinutes(10)));
        QueueBlobSweeper sweeper = sweeper(properties(3));
        sweeper.run();
        Instant hour = clock.instant().minus(RETENTION).truncatedTo(ChronoUnit.HOURS);
        List<BlobKey> queued = new ArrayList<>(putHourly("inbound", hour, 13));
        queued.addAll(putHourly("inbound", hour.plus(Duration.ofHours(1)), 4));

        clock.advance(Duration.ofHours(3));
        assertThat(sweeper.run()).isEqualTo(17);

        assertThat(blobs.list("inbound/", 100)).isEmpty();
    }

    @Test
    void twoInstancesSweepingAtOnceLeaveWhatOneWould() {
        List<BlobKey> old = new ArrayList<>(putMonthly("inbound", start, 5));
        old.addAll(putHourly("inbound", start, 5));
        BlobKey referenced = putHourly("inbound", start, 1).getFirst();
        message(referenced, null);
        clock.set(start.plus(RETENTION).plus(Duration.ofHours(1)));
        Instant hour = clock.instant().minus(RETENTION).truncatedTo(ChronoUnit.HOURS);
        List<BlobKey> next = putHourly("inbound", hour, 4);
        BlobKey released = putHourly("inbound", hour.minus(Duration.ofHours(5)), 1).getFirst();
        message(released, null);
        QueueBlobSweeper a = sweeper(properties(2));
        QueueBlobSweeper b = new QueueBlobSweeper(blobs, new StoreMaintenance(template()),
                properties(2), clock, new SimpleMeterRegistry());

        together(a, b); // both walk
        assertThat(old).noneMatch(blobs::exists);
        assertThat(next).allMatch(blobs::exists);

        clock.advance(Duration.ofHours(2));
        expunge(released, clock.instant().minus(Duration.ofMinutes(90)));
        together(a, b); // the window and the release
        together(a, b); // nothing left to do

        assertThat(next).noneMatch(blobs::exists);
        assertThat(blobs.exists(released)).isFalse();
        assertThat(blobs.list("inbound/", 100)).extracting(BlobStore.BlobInfo::key).containsExactly(referenced);
    }

    @Test
    void aBlobAnotherInstanceDeletedMeanwhileIsNoError() {
        List<BlobKey> queued = putHourly("inbound", start, 7);
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

        clock.set(start.plus(RETENTION).plus(Duration.ofDays(1)));
        new QueueBlobSweeper(raced, new StoreMaintenance(mongo), properties(3), clock,
                meters).run();

        assertThat(queued).noneMatch(blobs::exists);
    }

    @Test
    void aWalkWithAPageBudgetGoesOnWhereTheLastRunStoppedAcrossRestartsWhileTheWindowGoesOnToo() {
        List<BlobKey> referenced = putHourly("inbound", start.minus(Duration.ofHours(5)), 4);
        referenced.forEach(key -> message(key, null));
        BlobKey orphan = putHourly("inbound", start.minus(Duration.ofHours(3)), 1).getFirst(); // on the third page
        clock.set(start.plus(RETENTION).plus(Duration.ofHours(1)));
        // its hour passes the retention between the first run and the second
        BlobKey windowed = putHourly("inbound", clock.instant().minus(RETENTION).truncatedTo(ChronoUnit.HOURS), 1)
                .getFirst();
        Instant began = clock.instant();
        StoreMaintenance maintenance = new StoreMaintenance(mongo);

        for (int run = 1; run <= 3; run++) {
            QueueBlobSweeper restarted = budgeted(blobs);
            double listed = examined("walk");
            restarted.run();
            assertThat(examined("walk") - listed).as("keys the walk listed in run %d", run).isLessThanOrEqualTo(2);
            assertThat(blobs.exists(orphan)).as("the orphan after run %d", run).isEqualTo(run < 3);
            assertThat(maintenance.checkpoint(WALK)).as("the walk has not ended").isEmpty();
            assertThat(maintenance.position(WALK)).map(StoreMaintenance.WalkPosition::started)
                    .contains(began.truncatedTo(ChronoUnit.MILLIS));
            if (run == 1) {
                assertThat(maintenance.checkpoint("queue-sweep.inbound.window")).as("the first run starts the window")
                        .contains(clock.instant().minus(RETENTION).truncatedTo(ChronoUnit.MILLIS));
            }
            clock.advance(Duration.ofHours(1));
        }
        assertThat(blobs.exists(windowed)).as("by the second run's window, ahead of the walk").isFalse();
        assertThat(examined("window")).isEqualTo(1);

        budgeted(blobs).run(); // lists only the end of the prefix
        assertThat(maintenance.checkpoint(WALK)).as("when the walk began").contains(began.truncatedTo(ChronoUnit.MILLIS));
        assertThat(maintenance.position(WALK)).isEmpty();
        assertThat(meters.get("mail.delivery.queue.blobs.walk.pages").counter().count()).isEqualTo(3);
        assertThat(referenced).allMatch(blobs::exists);

        double listed = examined("walk");
        budgeted(blobs).run();
        assertThat(examined("walk")).as("the next walk is due a week after this one began").isEqualTo(listed);
    }

    @Test
    void aWalkThatFailsPartWayGoesOnFromItsLastCompletedPage() {
        List<BlobKey> referenced = putHourly("inbound", start.minus(Duration.ofHours(5)), 2);
        referenced.forEach(key -> message(key, null));
        List<BlobKey> orphans = putHourly("inbound", start.minus(Duration.ofHours(3)), 2);
        clock.set(start.plus(RETENTION).plus(Duration.ofHours(1)));
        boolean[] failNextDelete = {false};
        List<String> walkedAfter = new ArrayList<>();
        // the real store, whose next delete fails when told to, and which remembers where the walk's listings start
        BlobStore flaky = (BlobStore) Proxy.newProxyInstance(BlobStore.class.getClassLoader(),
                new Class<?>[] {BlobStore.class}, (proxy, method, args) -> {
                    if (method.isDefault()) {
                        return InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    if (method.getName().equals("delete") && failNextDelete[0]) {
                        failNextDelete[0] = false;
                        throw new IllegalStateException("S3 is down");
                    }
                    if (method.getName().equals("listPage") && args[0].equals("inbound/")) {
                        walkedAfter.add((String) args[1]);
                    }
                    return method.invoke(blobs, args);
                });
        StoreMaintenance maintenance = new StoreMaintenance(mongo);

        budgeted(flaky).run();
        String before = maintenance.position(WALK).orElseThrow().key();
        assertThat(before).isEqualTo(referenced.stream().map(BlobKey::value).max(String::compareTo).orElseThrow());

        clock.advance(Duration.ofHours(1));
        failNextDelete[0] = true; // the first orphan's, on the second page
        assertThatThrownBy(() -> budgeted(flaky).run()).isInstanceOf(IllegalStateException.class);
        assertThat(maintenance.position(WALK).orElseThrow().key()).as("the failed page is not done").isEqualTo(before);
        assertThat(orphans).allMatch(blobs::exists);

        walkedAfter.clear();
        budgeted(flaky).run();
        assertThat(walkedAfter).as("not from the first key").startsWith(before);
        assertThat(orphans).noneMatch(blobs::exists);
        assertThat(referenced).allMatch(blobs::exists);
    }

    @Test
    void aNegativeWalkBudgetIsRefused() {
        assertThatThrownBy(() -> properties(1000, -1).check(Duration.ofDays(5)))
                .hasMessageContaining("full-walk-pages-per-run");
    }

    private static void together(QueueBlobSweeper a, QueueBlobSweeper b) {
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(a::run);
        CompletableFuture<Integer> second = CompletableFuture.supplyAsync(b::run);
        CompletableFuture.allOf(first, second).join();
    }

    private QueueBlobSweeper sweeper(QueueBlobProperties properties) {
        return new QueueBlobSweeper(blobs, new StoreMaintenance(mongo), properties,
                clock, meters);
    }

    private static QueueBlobProperties properties(int pageSize) {
        return properties(pageSize, 0);
    }

    private static QueueBlobProperties properties(int pageSize, int walkPagesPerRun) {
        return new QueueBlobProperties(true, List.of("inbound"), RETENTION, Duration.ofHours(1), Duration.ofDays(7),
                pageSize, walkPagesPerRun);
    }

    /** A new sweeper of two keys a page and one page of walk a run, with a client of its own: a restarted instance. */
    private QueueBlobSweeper budgeted(BlobStore store) {
        return new QueueBlobSweeper(store, new StoreMaintenance(template()),
                properties(2, 1), clock, meters);
    }

    private double examined(String source) {
        return meters.get("mail.delivery.queue.blobs.examined").tag("source", source).counter().count();
    }

    private double counted(String outcome) {
        return meters.get("mail.delivery.queue.blobs").tag("outcome", outcome).counter().count();
    }

    /** A message that refers to {@code key}, expunged at {@code expungedAt} unless null. */
    private void message(BlobKey key, Instant expungedAt) {
        Document m = new Document("blobKey", key.value()).append("expunged", expungedAt != null);
        if (expungedAt != null) {
            m.append("expungedAt", Date.from(expungedAt));
        }
        mongo.getCollection("messages").insertOne(m);
    }

    /** Expunges one message that refers to {@code key}, as if at {@code at}. */
    private void expunge(BlobKey key, Instant at) {
        mongo.getCollection("messages").updateOne(new Document("blobKey", key.value()).append("expunged", false),
                new Document("$set", new Document("expunged", true).append("expungedAt", Date.from(at))));
    }

    private List<BlobKey> putHourly(String prefix, Instant keyedAt, int n) {
        List<BlobKey> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            keys.add(put(BlobKey.newHourly(prefix, keyedAt)));
        }
        return keys;
    }

    /** Keys of the layout written before hour buckets. */
    private List<BlobKey> putMonthly(String prefix, Instant keyedAt, int n) {
        List<BlobKey> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            keys.add(put(BlobKey.newFor(prefix, keyedAt)));
        }
        return keys;
    }

    /** A copy of {@code key}'s body in the shared body cache, as mailbox-store writes it (ADR 0211). */
    private void cacheCopy(BlobKey key) {
        mongo.getCollection("body_cache").insertOne(new Document("_id", key.value())
                .append("bytes", new org.bson.types.Binary(new byte[] {'x'}))
                .append("expiresAt", Date.from(clock.instant().plus(RETENTION))));
    }

    private boolean cached(BlobKey key) {
        return mongo.getCollection("body_cache").countDocuments(new Document("_id", key.value())) > 0;
    }

    private BlobKey put(BlobKey key) {
        blobs.put(key, new ByteArrayInputStream(new byte[] {'x'}), 1);
        return key;
    }
}
