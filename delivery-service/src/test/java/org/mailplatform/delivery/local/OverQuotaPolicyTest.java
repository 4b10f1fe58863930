package org.mailplatform.delivery.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.mailplatform.blob.BlobKey;
import org.mailplatform.delivery.dsn.BounceSender;
import org.mailplatform.delivery.dsn.DelayWarnings;
import org.mailplatform.delivery.dsn.DsnBuilder;
import org.mailplatform.delivery.queue.LocalDelivery;
import org.mailplatform.delivery.queue.QueueJson;
import org.mailplatform.delivery.retry.RetryRecords;
import org.mailplatform.delivery.retry.RetrySchedule;
import org.mailplatform.delivery.stage.Outcome;
import org.mailplatform.delivery.support.MemoryBlobStore;
import org.mailplatform.model.InboundMessage;
import org.mailplatform.model.Principal;
import org.mailplatform.store.MailboxStore;
import org.mailplatform.store.OverQuotaException;

/** The over-quota policies, with a store that is always full. */
class OverQuotaPolicyTest {

    private final Instant now = Instant.parse("2026-11-22T10:00:00Z");
    private final Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    private final MemoryBlobStore blobs = new MemoryBlobStore();
    private final QueueJson json = new QueueJson();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final BounceSender bounces = new BounceSender(blobs, new DsnBuilder("mx.test", 1 << 20), json, "in", "inbound",
            "mx.test", clock, meters);
    private final RetrySchedule schedule = new RetrySchedule(List.of(Duration.ofMinutes(5)), Duration.ofDays(1));
    private final MailboxStore full = (MailboxStore) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {MailboxStore.class}, (proxy, method, args) -> {
                throw new OverQuotaException("quota exceeded");
            });
    private final Principal user = new Principal("t", "u1", "user@local.test");

    @Test
    void deferPutsTheDeliveryOnTheRetryTopicWithTheNextTime() {
        LocalDeliverer deliverer = deliverer(OverQuotaPolicy.DEFER);

        Outcome.Done done = (Outcome.Done) deliverer.handle(record(delivery(now.minus(Duration.ofHours(1)))));

        ProducerRecord<String, byte[]> retry = done.output().getFirst();
        assertThat(retry.topic()).isEqualTo("retry");
        assertThat(retry.key()).isEqualTo("u1");
        assertThat(header(retry, RetryRecords.TARGET)).isEqualTo("local");
        assertThat(header(retry, RetryRecords.NOT_BEFORE)).isEqualTo(String.valueOf(now.plus(Duration.ofMinutes(5)).toEpochMilli()));
        assertThat(json.read(retry.value(), LocalDelivery.class).attempts()).isEqualTo(1);
    }

    @Test
    void deferBouncesWith522OnceTheMessageExpired() throws Exception {
        LocalDeliverer deliverer = deliverer(OverQuotaPolicy.DEFER);

        Outcome.Done done = (Outcome.Done) deliverer.handle(record(delivery(now.minus(Duration.ofDays(2)))));

        ProducerRecord<String, byte[]> dsn = done.output().getFirst();
        assertThat(dsn.topic()).isEqualTo("in");
        InboundMessage report = json.read(dsn.value(), InboundMessage.class);
        assertThat(report.mailFrom()).isEmpty();
        assertThat(report.recipients().getFirst().address()).isEqualTo("sender@example.org");
        assertThat(new String(blobs.open(new BlobKey(report.blobKey())).readAllBytes(), StandardCharsets.UTF_8))
                .contains("Status: 5.2.2");
    }

    @Test
    void deferAfterTheDelayWarningTimeSendsOneDelayNoticeAndRemembersIt() throws Exception {
        BounceSender warning = new BounceSender(blobs, new DsnBuilder("mx.test", 1 << 20), json, "in", "inbound",
                "mx.test", clock, meters, new DelayWarnings(Duration.ofHours(4), true));
        LocalDeliverer deliverer = new LocalDeliverer(full, blobs, warning, OverQuotaPolicy.DEFER, schedule, json, "local",
                "retry", clock, meters);

        Outcome.Done first = (Outcome.Done) deliverer.handle(record(delivery(now.minus(Duration.ofHours(5)))));

        assertThat(first.output()).extracting(ProducerRecord::topic).containsExactly("in", "retry");
        InboundMessage notice = json.read(first.output().getFirst().value(), InboundMessage.class);
        assertThat(new String(blobs.open(new BlobKey(notice.blobKey())).readAllBytes(), StandardCharsets.UTF_8))
                .contains("Action: delayed", "Status: 4.2.2", "Will-Retry-Until: Mon, 23 Nov 2026 05:00:00 +0000");
        LocalDelivery again = json.read(first.output().get(1).value(), LocalDelivery.class);
        assertThat(again.delayNotified()).isTrue();

        Outcome.Done second = (Outcome.Done) deliverer.handle(record(again));
        assertThat(second.output()).extracting(ProducerRecord::topic).as("no second notice").containsExactly("retry");
    }

    @Test
    void deferBeforeTheDelayWarningTimeSendsNoNotice() {
        BounceSender warning = new BounceSender(blobs, new DsnBuilder("mx.test", 1 << 20), json, "in", "inbound",
                "mx.test", clock, meters, new DelayWarnings(Duration.ofHours(4), true));
        LocalDeliverer deliverer = new LocalDeliverer(full, blobs, warning, OverQuotaPolicy.DEFER, schedule, json, "local",
                "retry", clock, meters);

        Outcome.Done done = (Outcome.Done) deliverer.handle(record(delivery(now.minus(Duration.ofHours(3)))));

        assertThat(done.output()).extracting(ProducerRecord::topic).containsExactly("retry");
        assertThat(json.read(done.output().getFirst().value(), LocalDelivery.class).delayNotified()).isFalse();
    }

    private LocalDeliverer deliverer(OverQuotaPolicy policy) {
        return new LocalDeliverer(full, blobs, bounces, policy, schedule, json, "local", "retry", clock, meters);
    }

    private LocalDelivery delivery(Instant received) {
        BlobKey key = BlobKey.newFor("inbound", now);
        byte[] bytes = "Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
        blobs.put(key, new ByteArrayInputStream(bytes), bytes.length);
        InboundMessage m = new InboundMessage("Q1", key.value(), bytes.length, received, "sender@example.org",
                List.of(new InboundMessage.Recipient(user.address(), List.of(), null)), null, null, false, null, "t");
        return new LocalDelivery(m, m.recipients().getFirst(), user, 0, null);
    }

    private ConsumerRecord<String, byte[]> record(LocalDelivery d) {
        return new ConsumerRecord<>("local", 0, 0, d.principal().userId(), json.write(d));
    }

    private static String header(ProducerRecord<String, byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
