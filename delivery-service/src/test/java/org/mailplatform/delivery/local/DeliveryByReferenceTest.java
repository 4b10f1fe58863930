package org.mailplatform.delivery.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.mailplatform.blob.BlobKey;
import org.mailplatform.delivery.DeliveryTestBase;
import org.mailplatform.delivery.queue.LocalDelivery;
import org.mailplatform.delivery.stage.Outcome;
import org.mailplatform.teststack.MovableClock;
import org.mailplatform.delivery.sweep.QueueBlobProperties;
import org.mailplatform.delivery.sweep.QueueBlobSweeper;
import org.mailplatform.model.InboundMessage;
import org.mailplatform.model.Principal;
import org.mailplatform.store.MessageMeta;
import org.mailplatform.store.MessageRange;
import org.mailplatform.store.mongo.StoreMaintenance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Local delivery stores the queued body by reference, and the queue blob sweeper keeps a body a
 * message refers to: against the test stack's MongoDB and S3, with the production sweeper and its
 * reference, release and checkpoint queries. Queued blobs go under a prefix of each test's own, so
 * its sweeps (and their checkpoints) touch no other test's queue.
 */
class DeliveryByReferenceTest extends DeliveryTestBase {

    private static final Duration RETENTION = Duration.ofDays(7);

    @Autowired
    MongoTemplate mongo;

    private final MovableClock clock = new MovableClock(Instant.now());
    private final String prefix = "byref-" + java.util.UUID.randomUUID().toString().substring(0, 8);

    private LocalDeliverer deliverer() {
        return localDeliverer(clock, RETENTION.minusDays(1), null);
    }

    private QueueBlobSweeper sweeper() {
        return new QueueBlobSweeper(blobs, new StoreMaintenance(mongo),
                new QueueBlobProperties(true, List.of(prefix), RETENTION, Duration.ofHours(1), Duration.ofDays(7), 100, 0),
                clock, meters);
    }

    private BlobKey queue(String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        BlobKey key = BlobKey.newHourly(prefix, Instant.now());
        blobs.put(key, new ByteArrayInputStream(bytes), bytes.length);
        return key;
    }

    private ConsumerRecord<String, byte[]> record(Principal to, BlobKey queued, Instant receivedAt) {
        InboundMessage m = new InboundMessage("BR-" + unique("m"), queued.value(), 0, receivedAt, "sender@example.org",
                List.of(rcpt(to.address())), new InboundMessage.Dsn(null, null), null, false, null, "t");
        return new ConsumerRecord<>(LOCAL, 0, 0, to.userId(),
                json.write(new LocalDelivery(m, rcpt(to.address()), to, 0, null)));
    }

    /** As smtp-ingress writes a small message's record: with a copy of the blob's bytes. */
    private ConsumerRecord<String, byte[]> recordCarrying(Principal to, BlobKey queued, byte[] copy, long size) {
        InboundMessage m = new InboundMessage("BR-" + unique("m"), queued.value(), size, clock.instant(), "sender@example.org",
                List.of(rcpt(to.address())), new InboundMessage.Dsn(null, null), null, false, null, "t", null,
                new InboundMessage.InlineContent(copy));
        return new ConsumerRecord<>(LOCAL, 0, 0, to.userId(),
                json.write(new LocalDelivery(m, rcpt(to.address()), to, 0, null)));
    }

    /** Moves the expunge time of {@code p}'s expunged messages, as if they had been expunged then. */
    private void expungedAt(Principal p, Instant when) {
        mongo.updateMulti(org.springframework.data.mongodb.core.query.Query.query(
                        org.springframework.data.mongodb.core.query.Criteria.where("tenantId").is(p.tenantId())
                                .and("userId").is(p.userId()).and("expunged").is(true)),
                new org.springframework.data.mongodb.core.query.Update().set("expungedAt", when), "messages");
    }

    private double kept() {
        var c = meters.find("mail.delivery.queue.blobs").tag("outcome", "referenced").counter();
        return c == null ? 0 : c.count();
    }

    private double examined(String source) {
        var c = meters.find("mail.delivery.queue.blobs.examined").tag("source", source).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void oneQueuedBodyDeliveredToTwoUsersIsStoredOnceWithEachUsersTraceHeaders() {
        Principal a = directory.addUser(unique("ref-a") + "@local.test");
        Principal b = directory.addUser(unique("ref-b") + "@local.test");
        String body = content("to both");
        BlobKey queued = queue(body);

        assertThat(deliverer().handle(record(a, queued, clock.instant()))).isInstanceOf(Outcome.Done.class);
        assertThat(deliverer().handle(record(b, queued, clock.instant()))).isInstanceOf(Outcome.Done.class);

        assertThat(inboxMeta(a)).extracting(MessageMeta::blobKey).containsExactly(queued.value());
        assertThat(inboxMeta(b)).extracting(MessageMeta::blobKey).containsExactly(queued.value());
        assertThat(inbox(a)).containsExactly(
                "Return-Path: <sender@example.org>\r\nDelivered-To: " + a.address() + "\r\n" + body);
        assertThat(inbox(b)).containsExactly(
                "Return-Path: <sender@example.org>\r\nDelivered-To: " + b.address() + "\r\n" + body);
        assertThat(inboxMeta(a).getFirst().size()).isEqualTo(inbox(a).getFirst().length());
    }

    @Test
    void aRecordCarryingTheBodysBytesIsStoredByReferenceWithTheSameSummaryAndBytes() {
        Principal p = directory.addUser(unique("ref-inline") + "@local.test");
        String body = content("carried in the record");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        BlobKey queued = queue(body);

        assertThat(deliverer().handle(recordCarrying(p, queued, bytes, bytes.length))).isInstanceOf(Outcome.Done.class);
        // a copy that is not the blob's length is not used: the blob is read
        assertThat(deliverer().handle(recordCarrying(p, queued, java.util.Arrays.copyOf(bytes, 10), bytes.length)))
                .isInstanceOf(Outcome.Done.class);

        String expected = "Return-Path: <sender@example.org>\r\nDelivered-To: " + p.address() + "\r\n" + body;
        assertThat(inbox(p)).containsExactly(expected, expected);
        assertThat(inboxMeta(p)).allSatisfy(m -> {
            assertThat(m.blobKey()).isEqualTo(queued.value());
            assertThat(m.size()).isEqualTo(expected.length());
            assertThat(m.summary().envelope().subject()).isEqualTo("carried in the record");
        });
    }

    @Test
    void aRecordOlderThanTheReferenceWindowIsCopied() {
        Principal p = directory.addUser(unique("ref-old") + "@local.test");
        String body = content("replayed late");
        BlobKey queued = queue(body);
        Instant receivedAt = clock.instant().minus(RETENTION.minusDays(1)).minusSeconds(60);

        assertThat(deliverer().handle(record(p, queued, receivedAt))).isInstanceOf(Outcome.Done.class);

        assertThat(inboxMeta(p)).singleElement().satisfies(m -> assertThat(m.blobKey())
                .isNotEqualTo(queued.value()).startsWith(StoreMaintenance.blobPrefix(p.tenantId()) + "/"));
        assertThat(inbox(p).getFirst()).endsWith(body);
    }

    @Test
    void theSweeperKeepsAQueuedBodyWhileAMessageRefersToItAndTheReleaseDeletesItAfterTheExpungeGrace() {
        Principal p = directory.addUser(unique("ref-sweep") + "@local.test");
        String body = content("kept");
        BlobKey delivered = queue(body);
        BlobKey orphan = queue(content("bounced long ago"));
        deliverer().handle(record(p, delivered, clock.instant()));
        double keptBefore = kept();

        // the first run walks the prefix
        clock.advance(RETENTION.plusDays(1));
        int first = sweeper().run();

        assertThat(first).isEqualTo(1);
        assertThat(blobs.exists(orphan)).isFalse();
        assertThat(blobs.exists(delivered)).isTrue();
        assertThat(kept() - keptBefore).isEqualTo(1);
        assertThat(inbox(p)).singleElement().satisfies(m -> assertThat(m).endsWith(body));

        // expunged half an hour before the next run: a COPY of it may still be in flight
        Instant firstRun = clock.instant();
        store.remove(p, "INBOX", MessageRange.all());
        expungedAt(p, firstRun.plus(Duration.ofMinutes(30)));
        clock.advance(Duration.ofHours(1));
        double releasedBefore = examined("released");
        assertThat(sweeper().run()).isZero();
        assertThat(blobs.exists(delivered)).isTrue();
        assertThat(examined("released")).isEqualTo(releasedBefore);

        // an hour and a half after the expunge the release deletes it: no listing of its hour
        clock.advance(Duration.ofHours(1));
        double windowBefore = examined("window");
        int second = sweeper().run();

        assertThat(second).isEqualTo(1);
        assertThat(blobs.exists(delivered)).isFalse();
        assertThat(examined("released") - releasedBefore).isEqualTo(1);
        assertThat(examined("window")).isEqualTo(windowBefore);
    }

    @Test
    void aBodyReleasedBeforeTheRetentionIsKeptForTheQueue() {
        Principal p = directory.addUser(unique("ref-young") + "@local.test");
        BlobKey delivered = queue(content("read and deleted at once"));
        deliverer().handle(record(p, delivered, clock.instant()));
        sweeper().run(); // the first run walks the prefix: nothing is old yet

        store.remove(p, "INBOX", MessageRange.all());
        expungedAt(p, clock.instant());
        clock.advance(Duration.ofHours(2));
        double releasedBefore = examined("released");
        assertThat(sweeper().run()).isZero();

        // another recipient's retry, or a dead letter replayed, may still need it
        assertThat(examined("released") - releasedBefore).isEqualTo(1);
        assertThat(blobs.exists(delivered)).isTrue();
    }
}
