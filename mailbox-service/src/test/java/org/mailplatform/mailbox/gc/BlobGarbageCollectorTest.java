package org.mailplatform.mailbox.gc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailplatform.blob.BlobKey;
import org.mailplatform.blob.BlobStore;
import org.mailplatform.mailbox.MailboxServiceApplication;
import org.mailplatform.model.Principal;
import org.mailplatform.store.AppendRequest;
import org.mailplatform.store.BlobReference;
import org.mailplatform.store.MailboxStore;
import org.mailplatform.store.MessageMeta;
import org.mailplatform.store.MessageRange;
import org.mailplatform.store.mongo.StoreMaintenance;
import org.mailplatform.teststack.MovableClock;
import org.mailplatform.teststack.WithTestStack;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The collector against the test stack's MongoDB and S3, with its own database and bucket. The
 * store stamps releases and S3 stamps blobs with the real time; the collector's clock is moved
 * ahead of it instead of waiting. Checkpoints are shared by the whole database, so each test starts
 * without them.
 */
@WithTestStack
@SpringBootTest(properties = {"spring.config.name=" + MailboxServiceApplication.NAME, "mail.s3.bucket=mailbox-gc-test",
        "spring.mongodb.database=mailbox_gc_test", "mail.mailbox.gc.enabled=false",
        "mail.mailbox.retention.enabled=false", "mail.mailbox.expunged.enabled=false"})
class BlobGarbageCollectorTest {

    private static final Duration GRACE = Duration.ofHours(24);
    /** Past the grace and the release pass's hour of overlap, so a later run does not see the same releases. */
    private static final Duration PAST_GRACE = GRACE.plusHours(2);

    @Autowired
    MailboxStore store;
    @Autowired
    BlobStore blobs;
    @Autowired
    MongoTemplate mongo;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final MovableClock clock = new MovableClock(Instant.now());
    private StoreMaintenance maintenance;

    @BeforeEach
    void withoutCheckpoints() {
        mongo.dropCollection("maintenance_checkpoints");
        maintenance = new StoreMaintenance(mongo);
    }

    @Test
    void anExpungedMessagesBlobGoesOnceReleasedLongerAgoThanTheGraceAndARunWithNothingNewExaminesNothing() {
        Principal p = newUser("tenant");
        String key = append(p, "INBOX", "expunged");
        store.remove(p, "INBOX", MessageRange.uid(1));
        BlobGarbageCollector gc = collector(props(Duration.ofDays(7), 10000));

        clock.set(Instant.now().plus(GRACE).minus(Duration.ofHours(1)));
        gc.run();
        assertThat(exists(key)).as("released less than the grace ago").isTrue();

        org.awaitility.Awaitility.await("the small body's copy in the shared cache (ADR 0211)")
                .until(() -> cachedCopy(key));
        clock.set(Instant.now().plus(PAST_GRACE));
        assertThat(gc.run()).isGreaterThanOrEqualTo(1);
        assertThat(exists(key)).isFalse();
        assertThat(cachedCopy(key)).as("the copy goes with the blob").isFalse();
        assertThat(count("mail.gc.blobs", "outcome", "deleted")).isGreaterThanOrEqualTo(1);

        double released = examined("released");
        double walked = examined("walk");
        assertThat(walked).as("the first run walked: no walk had been done").isPositive();
        gc.run();
        assertThat(examined("released")).as("nothing released since").isEqualTo(released);
        assertThat(examined("walk")).as("the walk is not due for a week").isEqualTo(walked);
        assertThat(meters.get("mail.gc.runs").timer().count()).isEqualTo(3);
    }

    @Test
    void theBlobsOfADeletedMailboxAndOfADeletedUserAreCollectedByTheReleasePass() {
        Principal alice = newUser("tenant");
        Principal bob = new Principal(alice.tenantId(), "bob-" + alice.userId(), "bob-" + alice.address());
        store.create(alice, "Projects");
        List<String> projects = List.of(append(alice, "Projects", "a"), append(alice, "Projects", "b"));
        String inbox = append(alice, "INBOX", "stays");
        List<String> bobs = List.of(append(bob, "INBOX", "c"), append(bob, "Archive", "d"));
        store.delete(alice, "Projects");
        maintenance.deleteUserData(bob);

        clock.set(Instant.now().plus(PAST_GRACE));
        collector(props(Duration.ZERO, 10000)).run();

        assertThat(projects).noneMatch(this::exists);
        assertThat(bobs).noneMatch(this::exists);
        assertThat(exists(inbox)).isTrue();
        assertThat(examined("released")).isGreaterThanOrEqualTo(4);
    }

    @Test
    void aBlobACopyInAnotherMailboxStillRefersToIsKept() {
        Principal p = newUser("tenant");
        String key = append(p, "INBOX", "copied");
        store.copy(p, "INBOX", MessageRange.uid(1), "Archive");
        store.remove(p, "INBOX", MessageRange.uid(1));

        clock.set(Instant.now().plus(PAST_GRACE));
        collector(props(Duration.ZERO, 10000)).run();

        assertThat(exists(key)).isTrue();
        assertThat(count("mail.gc.blobs", "outcome", "referenced")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void anOrphanIsDeletedOnlyByTheFullWalkAndOnlyWhenTheWalkIsDue() {
        Principal p = newUser("tenant");
        BlobGarbageCollector gc = collector(props(Duration.ofDays(7), 10000));
        clock.set(Instant.now().plus(PAST_GRACE));
        gc.run();
        double walked = examined("walk");
        BlobKey orphan = putOrphan(p, UUID.randomUUID().toString());

        clock.advance(Duration.ofDays(6));
        gc.run();
        assertThat(blobs.exists(orphan)).as("no release names it, and the walk is not due").isTrue();
        assertThat(examined("walk")).isEqualTo(walked);

        clock.advance(Duration.ofDays(1));
        gc.run();
        assertThat(blobs.exists(orphan)).isFalse();
        assertThat(examined("walk")).isGreaterThan(walked);
    }

    @Test
    void theWalkFindsAnOrphanBehindMorePagesOfReferencedBlobs() {
        Principal p = newUser("tenant");
        List<String> referenced = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            referenced.add(append(p, "INBOX", "message " + i));
        }
        // the largest UUID of the same month: listed after the five, beyond the first pages of two
        String month = referenced.getFirst().substring(0, referenced.getFirst().lastIndexOf('/'));
        BlobKey orphan = new BlobKey(month + "/ffffffff-ffff-ffff-ffff-ffffffffffff");
        blobs.put(orphan, new ByteArrayInputStream(new byte[] {1}), 1);

        clock.set(Instant.now().plus(PAST_GRACE));
        collector(props(Duration.ofDays(7), 2)).run();

        assertThat(blobs.exists(orphan)).isFalse();
        assertThat(referenced).allMatch(this::exists);
    }

    @Test
    void aWalkWithAPageBudgetGoesOnWhereTheLastRunStoppedAcrossRestartsAndMovesItsCheckpointOnlyAtItsEnd() {
        List<String> referenced = new ArrayList<>();
        BlobKey orphan = orphanBehind(newUser("tenant"), referenced);
        clock.set(Instant.now().plus(PAST_GRACE));
        collector(props(Duration.ZERO, 2)).run(); // the release pass, so that the runs below only walk
        int orphansPage = pagesUpTo(orphan.value());
        int pages = pagesUpTo(null);
        Instant began = clock.instant();

        for (int run = 1; run <= pages; run++) {
            double listed = examined("walk");
            collector(props(Duration.ofDays(7), 2, 1)).run(); // a new instance each run, as after a restart
            assertThat(examined("walk") - listed).as("keys listed by run %d", run).isLessThanOrEqualTo(2);
            assertThat(blobs.exists(orphan)).as("the orphan after run %d of page %d", run, orphansPage)
                    .isEqualTo(run < orphansPage);
            assertThat(maintenance.checkpoint(FullWalk.CHECKPOINT)).as("the walk has not ended").isEmpty();
            assertThat(maintenance.position(FullWalk.CHECKPOINT)).map(StoreMaintenance.WalkPosition::started)
                    .contains(began.truncatedTo(ChronoUnit.MILLIS));
            clock.advance(Duration.ofHours(1));
        }
        collector(props(Duration.ofDays(7), 2, 1)).run(); // finds only the ends of the listings

        assertThat(maintenance.checkpoint(FullWalk.CHECKPOINT)).as("when the walk began")
                .contains(began.truncatedTo(ChronoUnit.MILLIS));
        assertThat(maintenance.position(FullWalk.CHECKPOINT)).isEmpty();
        assertThat(meters.get("mail.gc.walk.pages").counter().count()).isEqualTo(pages);
        assertThat(referenced).allMatch(this::exists);

        double listed = examined("walk");
        collector(props(Duration.ofDays(7), 2, 1)).run();
        assertThat(examined("walk")).as("the next walk is due a week after this one began").isEqualTo(listed);
    }

    @Test
    void aWalkThatFailsPartWayGoesOnFromItsLastCompletedPage() {
        List<String> referenced = new ArrayList<>();
        BlobKey orphan = orphanBehind(newUser("tenant"), referenced);
        clock.set(Instant.now().plus(PAST_GRACE));
        collector(props(Duration.ZERO, 2)).run(); // the release pass, whose deletes are not the walk's
        FlakyDeletes flaky = new FlakyDeletes(blobs);
        // one page a run until the orphan is on the next page; counted from the walk's own position,
        // as other classes' unreferenced blobs listed before it may go on the way and move the pages
        for (int run = 0; !orphanIsNext(orphan); run++) {
            assertThat(run).as("the walk reaches the orphan's page").isLessThan(1000);
            collector(flaky, props(Duration.ofDays(7), 2, 1)).run();
            clock.advance(Duration.ofHours(1));
        }
        String before = maintenance.position(FullWalk.CHECKPOINT).orElseThrow().key();

        flaky.failNextDelete(); // the orphan's, on the next page
        assertThatThrownBy(() -> collector(flaky, props(Duration.ofDays(7), 2, 1)).run())
                .isInstanceOf(IllegalStateException.class);
        assertThat(maintenance.position(FullWalk.CHECKPOINT).orElseThrow().key()).as("the failed page is not done")
                .isEqualTo(before);
        assertThat(blobs.exists(orphan)).isTrue();

        flaky.listedAfter.clear();
        collector(flaky, props(Duration.ofDays(7), 2, 1)).run();
        assertThat(flaky.listedAfter.getFirst()).as("not from the first key").isEqualTo(before);
        assertThat(blobs.exists(orphan)).isFalse();
        assertThat(referenced).allMatch(this::exists);
    }

    @Test
    void queuedBodiesAreNeverDeletedEvenWhenReleasedAndUnreferenced() {
        Principal p = newUser("tenant");
        BlobKey queued = BlobKey.newHourly("inbound", Instant.now());
        byte[] body = "From: a@example.com\r\nSubject: queued\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);
        blobs.put(queued, new ByteArrayInputStream(body), body.length);
        store.ensureDefaultMailboxes(p);
        store.append(p, "INBOX", AppendRequest.byReference(new BlobReference(new byte[0], queued.value(), body.length),
                Set.of(), Instant.now(), null));
        store.remove(p, "INBOX", MessageRange.uid(1));
        // a tenant whose name merely begins like the queue's is no queue: only "inbound/..." is
        Principal lookalike = newUser("inbound");
        String tenantKey = append(lookalike, "INBOX", "not queued");
        store.remove(lookalike, "INBOX", MessageRange.uid(1));

        clock.set(Instant.now().plus(PAST_GRACE));
        collector(props(Duration.ofDays(7), 10000)).run();

        assertThat(blobs.exists(queued)).isTrue();
        assertThat(exists(tenantKey)).isFalse();
    }

    @Test
    void aZeroFullWalkIntervalDisablesTheWalk() {
        BlobKey orphan = putOrphan(newUser("tenant"), UUID.randomUUID().toString());

        clock.set(Instant.now().plus(Duration.ofDays(30)));
        BlobGarbageCollector gc = collector(props(Duration.ZERO, 10000));
        gc.run();
        gc.run();

        assertThat(blobs.exists(orphan)).isTrue();
        assertThat(examined("walk")).isZero();
        assertThat(maintenance.checkpoint(FullWalk.CHECKPOINT)).isEmpty();
    }

    @Test
    void aReleasePassThatFailsLeavesItsCheckpointAndTheNextRunDoesItAgain() {
        Principal p = newUser("tenant");
        String key = append(p, "INBOX", "expunged");
        store.remove(p, "INBOX", MessageRange.uid(1));
        clock.set(Instant.now().plus(PAST_GRACE));
        FlakyDeletes failing = new FlakyDeletes(blobs);
        failing.failEveryDelete();

        assertThatThrownBy(() -> collector(failing, props(Duration.ZERO, 10000)).run())
                .isInstanceOf(IllegalStateException.class);
        assertThat(maintenance.checkpoint(ReleasePass.CHECKPOINT)).isEmpty();
        assertThat(exists(key)).isTrue();

        collector(props(Duration.ZERO, 10000)).run();
        assertThat(exists(key)).isFalse();
        assertThat(maintenance.checkpoint(ReleasePass.CHECKPOINT)).as("MongoDB keeps milliseconds")
                .contains(clock.instant().minus(GRACE).truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }

    /**
     * S3 fails in the middle of a page: the blobs deleted before the failure must not leave their
     * copies in the shared body cache (ADR 0211) behind, as no later run would look for them again
     * (a walk lists only the blobs that are left).
     */
    @Test
    void aPageWhoseDeletesFailPartWayLeavesNoCopyOfABlobItDeleted() {
        Principal p = newUser("tenant");
        List<String> keys = List.of(append(p, "INBOX", "first"), append(p, "INBOX", "second"));
        org.awaitility.Awaitility.await("the copies in the shared cache")
                .until(() -> keys.stream().allMatch(this::cachedCopy));
        store.remove(p, "INBOX", MessageRange.all());
        clock.set(Instant.now().plus(PAST_GRACE));
        FlakyDeletes flaky = new FlakyDeletes(blobs);
        flaky.failSecondDeleteOf(keys);

        assertThatThrownBy(() -> collector(flaky, props(Duration.ZERO, 10000)).run())
                .isInstanceOf(IllegalStateException.class);
        List<String> deleted = keys.stream().filter(key -> !exists(key)).toList();
        assertThat(deleted).as("deleted before S3 failed").hasSize(1);
        assertThat(deleted).as("a copy of a deleted blob").noneMatch(this::cachedCopy);

        collector(props(Duration.ZERO, 10000)).run();
        assertThat(keys).noneMatch(this::exists).noneMatch(this::cachedCopy);
    }

    @Test
    void propertiesThatCannotWorkAreRefused() {
        assertThatThrownBy(() -> new GcProperties(true, Duration.ofHours(1), GRACE, Duration.ofDays(-1), 10, List.of(), 0))
                .hasMessageContaining("full-walk-interval");
        assertThatThrownBy(() -> new GcProperties(true, Duration.ofHours(1), GRACE, Duration.ofDays(7), 0, List.of(), 0))
                .hasMessageContaining("batch-size");
        assertThatThrownBy(() -> new GcProperties(true, Duration.ofHours(1), GRACE, Duration.ofDays(7), 10,
                List.of("inbound/x"), 0)).hasMessageContaining("queue-prefixes");
        assertThatThrownBy(() -> new GcProperties(true, Duration.ofHours(1), GRACE, Duration.ofDays(7), 10, List.of(),
                -1)).hasMessageContaining("full-walk-pages-per-run");
        assertThatThrownBy(() -> new GcProperties(true, Duration.ZERO, GRACE, Duration.ofDays(7), 10, List.of(), 0))
                .hasMessageContaining("interval");
    }

    private GcProperties props(Duration fullWalkInterval, int batchSize) {
        return props(fullWalkInterval, batchSize, 0);
    }

    private GcProperties props(Duration fullWalkInterval, int batchSize, int pagesPerRun) {
        return new GcProperties(true, Duration.ofHours(1), GRACE, fullWalkInterval, batchSize, List.of("inbound"),
                pagesPerRun);
    }

    private BlobGarbageCollector collector(GcProperties properties) {
        return collector(blobs, properties);
    }

    private BlobGarbageCollector collector(BlobStore store, GcProperties properties) {
        return new BlobGarbageCollector(store, maintenance, properties, clock, meters);
    }

    private boolean cachedCopy(String blobKey) {
        return mongo.getCollection("body_cache").countDocuments(new org.bson.Document("_id", blobKey)) == 1;
    }

    private static Principal newUser(String tenantPrefix) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        return new Principal(tenantPrefix + "-" + id, "user-" + id, id + "@example.com");
    }

    private String append(Principal p, String mailbox, String subject) {
        store.ensureDefaultMailboxes(p);
        byte[] raw = ("From: a@example.com\r\nSubject: " + subject + "\r\n\r\nhello\r\n").getBytes(StandardCharsets.US_ASCII);
        store.append(p, mailbox, AppendRequest.of(new ByteArrayInputStream(raw)));
        List<MessageMeta> all = store.fetch(p, mailbox, MessageRange.all());
        return all.getLast().blobKey();
    }

    /** A blob under the tenant's prefix that no message refers to: an append that died before its document. */
    private BlobKey putOrphan(Principal p, String name) {
        store.ensureDefaultMailboxes(p); // makes the tenant known
        BlobKey orphan = new BlobKey(BlobKey.newFor(StoreMaintenance.blobPrefix(p.tenantId()), Instant.now()).value()
                .replaceFirst("[^/]+$", name));
        blobs.put(orphan, new ByteArrayInputStream(new byte[] {1}), 1);
        return orphan;
    }

    /** Four referenced blobs and an orphan listed after them, beyond the first pages of two. */
    private BlobKey orphanBehind(Principal p, List<String> referenced) {
        for (int i = 0; i < 4; i++) {
            referenced.add(append(p, "INBOX", "message " + i));
        }
        String month = referenced.getFirst().substring(0, referenced.getFirst().lastIndexOf('/'));
        BlobKey orphan = new BlobKey(month + "/ffffffff-ffff-ffff-ffff-ffffffffffff");
        blobs.put(orphan, new ByteArrayInputStream(new byte[] {1}), 1);
        return orphan;
    }

    /** Whether the walk's next page (two keys after its position) holds {@code orphan}. */
    private boolean orphanIsNext(BlobKey orphan) {
        String prefix = orphan.value().substring(0, orphan.value().indexOf('/') + 1);
        return maintenance.position(FullWalk.CHECKPOINT).map(StoreMaintenance.WalkPosition::key)
                .filter(at -> at.startsWith(prefix))
                .map(at -> blobs.listPage(prefix, at, 2).stream().anyMatch(b -> b.key().equals(orphan)))
                .orElse(false);
    }

    /**
     * Which page of two keys the walk lists {@code key} in, counting from one (null: how many pages
     * the walk has), as the bucket is now: the database and bucket hold other tests' tenants too.
     */
    private int pagesUpTo(String key) {
        int pages = 0;
        List<String> prefixes = maintenance.tenants().stream().map(t -> StoreMaintenance.blobPrefix(t) + "/").sorted()
                .toList();
        for (String prefix : prefixes) {
            List<String> keys = blobs.walk(prefix, 1000).map(b -> b.key().value()).toList();
            if (key != null && keys.contains(key)) {
                return pages + keys.indexOf(key) / 2 + 1;
            }
            pages += (keys.size() + 1) / 2;
        }
        return pages;
    }

    private boolean exists(String key) {
        return blobs.exists(new BlobKey(key));
    }

    private double examined(String source) {
        return count("mail.gc.examined", "source", source);
    }

    private double count(String name, String tag, String value) {
        return meters.get(name).tag(tag, value).counter().count();
    }
}
