package org.mailplatform.mailbox.gc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
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

        clock.set(Instant.now().plus(PAST_GRACE));
        assertThat(gc.run()).isGreaterThanOrEqualTo(1);
        assertThat(exists(key)).isFalse();
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
        BlobStore failing = new FailingDeletes(blobs);

        assertThatThrownBy(() -> collector(failing, props(Duration.ZERO, 10000)).run())
                .isInstanceOf(IllegalStateException.class);
        assertThat(maintenance.checkpoint(ReleasePass.CHECKPOINT)).isEmpty();
        assertThat(exists(key)).isTrue();

        collector(props(Duration.ZERO, 10000)).run();
        assertThat(exists(key)).isFalse();
        assertThat(maintenance.checkpoint(ReleasePass.CHECKPOINT)).as("MongoDB keeps milliseconds")
                .contains(clock.instant().minus(GRACE).truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }

    @Test
    void propertiesThatCannotWorkAreRefused() {
        assertThatThrownBy(() -> new GcProperties(true, Duration.ofHours(1), GRACE, Duration.ofDays(-1), 10, List.of()))
                .hasMessageContaining("full-walk-interval");
        assertThatThrownBy(() -> new GcProperties(true, Duration.ofHours(1), GRACE, Duration.ofDays(7), 0, List.of()))
                .hasMessageContaining("batch-size");
        assertThatThrownBy(() -> new GcProperties(true, Duration.ofHours(1), GRACE, Duration.ofDays(7), 10,
                List.of("inbound/x"))).hasMessageContaining("queue-prefixes");
        assertThatThrownBy(() -> new GcProperties(true, Duration.ZERO, GRACE, Duration.ofDays(7), 10, List.of()))
                .hasMessageContaining("interval");
    }

    private GcProperties props(Duration fullWalkInterval, int batchSize) {
        return new GcProperties(true, Duration.ofHours(1), GRACE, fullWalkInterval, batchSize, List.of("inbound"));
    }

    private BlobGarbageCollector collector(GcProperties properties) {
        return collector(blobs, properties);
    }

    private BlobGarbageCollector collector(BlobStore store, GcProperties properties) {
        return new BlobGarbageCollector(store, maintenance, properties, clock, meters);
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

    private boolean exists(String key) {
        return blobs.exists(new BlobKey(key));
    }

    private double examined(String source) {
        return count("mail.gc.examined", "source", source);
    }

    private double count(String name, String tag, String value) {
        return meters.get(name).tag(tag, value).counter().count();
    }

    /** A clock the test sets; the collector reads it, the store and S3 keep the real time. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void set(Instant at) {
            now = at;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** The real store, whose deletes fail as an unreachable S3's would. */
    record FailingDeletes(BlobStore real) implements BlobStore {
        @Override
        public long put(BlobKey key, InputStream content, long size) {
            return real.put(key, content, size);
        }

        @Override
        public InputStream open(BlobKey key) {
            return real.open(key);
        }

        @Override
        public InputStream openRange(BlobKey key, long offset, long length) {
            return real.openRange(key, offset, length);
        }

        @Override
        public void delete(BlobKey key) {
            throw new IllegalStateException("S3 is down");
        }

        @Override
        public boolean exists(BlobKey key) {
            return real.exists(key);
        }

        @Override
        public List<BlobInfo> list(String prefix, int max) {
            return real.list(prefix, max);
        }

        @Override
        public List<BlobInfo> listPage(String prefix, String startAfter, int max) {
            return real.listPage(prefix, startAfter, max);
        }
    }
}
