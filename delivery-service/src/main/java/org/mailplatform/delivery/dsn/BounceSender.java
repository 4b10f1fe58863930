package org.mailplatform.delivery.dsn;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.mailplatform.blob.BlobKey;
import org.mailplatform.blob.BlobStore;
import org.mailplatform.delivery.queue.QueueJson;
import org.mailplatform.model.InboundMessage;
import org.mailplatform.model.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns failed recipients into a DSN queued on {@code mail.inbound} (so it is routed like any other
 * message) from the null sender {@code <>} to the original envelope sender. No DSN is sent for a
 * message from the null sender (RFC 5321 section 4.5.5: that would loop) or for recipients whose
 * NOTIFY does not include FAILURE (RFC 3461 section 4.1).
 *
 * <p>The report is written to the blob store before the record is returned; the record is then
 * written in the caller's Kafka transaction. Metrics: {@code mail.delivery.dsn{outcome}}.
 */
public final class BounceSender {

    private static final Logger log = LoggerFactory.getLogger(BounceSender.class);

    private final BlobStore blobs;
    private final DsnBuilder builder;
    private final QueueJson json;
    private final String inboundTopic;
    private final String blobPrefix;
    private final String hostname;
    private final Clock clock;
    private final Counter sent;
    private final Counter suppressed;
    private final Counter delaySent;
    private final Counter delaySuppressed;
    private final DelayWarnings delayWarnings;

    public BounceSender(BlobStore blobs, DsnBuilder builder, QueueJson json, String inboundTopic, String blobPrefix,
                        String hostname, Clock clock, MeterRegistry meters) {
        this(blobs, builder, json, inboundTopic, blobPrefix, hostname, clock, meters, DelayWarnings.OFF);
    }

    public BounceSender(BlobStore blobs, DsnBuilder builder, QueueJson json, String inboundTopic, String blobPrefix,
                        String hostname, Clock clock, MeterRegistry meters, DelayWarnings delayWarnings) {
        this.delayWarnings = delayWarnings;
        this.delaySent = Counter.builder("mail.delivery.dsn.delay").tag("outcome", "sent").register(meters);
        this.delaySuppressed = Counter.builder("mail.delivery.dsn.delay").tag("outcome", "suppressed").register(meters);
        this.blobs = blobs;
        this.builder = builder;
        this.json = json;
        this.inboundTopic = inboundTopic;
        this.blobPrefix = blobPrefix;
        this.hostname = hostname;
        this.clock = clock;
        this.sent = Counter.builder("mail.delivery.dsn").tag("outcome", "sent").register(meters);
        this.suppressed = Counter.builder("mail.delivery.dsn").tag("outcome", "suppressed").register(meters);
    }

    /**
     * The {@code mail.inbound} record of the DSN for {@code failed}, or empty when no DSN is due.
     *
     * @throws org.mailplatform.blob.BlobStoreUnavailableException when the report cannot be stored
     */
    public Optional<ProducerRecord<String, byte[]>> bounce(InboundMessage original, List<FailedRecipient> failed) {
        List<FailedRecipient> reported = failed.stream().filter(FailedRecipient::wantsFailureNotice).toList();
        if (original.mailFrom().isEmpty() || reported.isEmpty()) {
            suppressed.increment();
            log.info("message {}: no DSN for {} failed recipient(s) (null sender or NOTIFY)", original.id(),
                    failed.size());
            return Optional.empty();
        }
        Optional<ProducerRecord<String, byte[]>> record = Optional.of(queue(original, reported, null));
        sent.increment();
        return record;
    }

    /** Whether a delay notice is due for a message received at {@code receivedAt} that has had none. */
    public boolean delayNoticeDue(Instant receivedAt, boolean alreadyNotified) {
        return !alreadyNotified && delayWarnings.due(receivedAt, clock.instant());
    }

    /**
     * The {@code mail.inbound} record of a delay notice ({@code Action: delayed}) for the recipients
     * that asked for one, or empty when none did or the sender is null. The caller asks only when
     * {@link #delayNoticeDue} and then remembers on the deferred record that the notice was handled,
     * so each recipient gets at most one.
     *
     * @param retryUntil when the last attempt will be made ({@code Will-Retry-Until})
     */
    public Optional<ProducerRecord<String, byte[]>> delay(InboundMessage original, List<FailedRecipient> delayed,
                                                          Instant retryUntil) {
        List<FailedRecipient> reported = delayed.stream()
                .filter(f -> f.wantsDelayNotice(delayWarnings.whenNotifyAbsent())).toList();
        if (original.mailFrom().isEmpty() || reported.isEmpty()) {
            delaySuppressed.increment();
            return Optional.empty();
        }
        Optional<ProducerRecord<String, byte[]>> record = Optional.of(queue(original, reported, retryUntil));
        delaySent.increment();
        return record;
    }

    /** Writes the report blob and returns its {@code mail.inbound} record; a delay notice when {@code retryUntil} is set. */
    private ProducerRecord<String, byte[]> queue(InboundMessage original, List<FailedRecipient> reported,
                                                 Instant retryUntil) {
        Instant now = clock.instant();
        boolean delay = retryUntil != null;
        boolean full = !delay && builder.returnsFullMessage(original);
        BlobKey key = BlobKey.newHourly(blobPrefix, now);
        long size;
        try (InputStream content = full
                ? blobs.open(new BlobKey(original.blobKey()))
                : blobs.openRange(new BlobKey(original.blobKey()), 0, Math.min(original.size(), 1 << 20));
             InputStream report = delay ? builder.delayReport(original, reported, content, now, retryUntil)
                     : builder.report(original, reported, content, now)) {
            size = blobs.put(key, report, -1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write DSN for " + original.id(), e);
        }
        ProducerRecord<String, byte[]> record = queued("DSN", key, size, now, original.mailFrom(),
                full ? original.body() : "7BIT", original.smtpUtf8(), original.traceId(), null);
        log.info("message {}: {} {} to <{}> for {} recipient(s)", original.id(), delay ? "delay notice" : "DSN",
                record.key(), original.mailFrom(), reported.size());
        return record;
    }

    /**
     * Queues a message delivery itself writes, other than a DSN (a Sieve vacation reply), as DSNs are
     * queued: {@code content} stored under the DSN blob prefix, then a {@code mail.inbound} record from
     * the null sender {@code <>} to {@code recipient}, for the caller's Kafka transaction.
     *
     * @param idPrefix starts the new queue id, to tell such messages apart in logs
     * @param body     the BODY the content needs ({@code 7BIT} or {@code 8BITMIME})
     * @param author   the user the message speaks for (its {@code From}), recorded as its submitter
     *                 so the relay DKIM-signs it with the user's domain key as it signs the user's
     *                 own mail: an unsigned auto-reply from a domain with DMARC {@code p=reject}
     *                 would be refused by the sender's provider
     * @throws org.mailplatform.blob.BlobStoreUnavailableException when the content cannot be stored
     */
    public ProducerRecord<String, byte[]> queueFromNullSender(String idPrefix, byte[] content, String recipient,
                                                              String body, boolean smtpUtf8, String traceId,
                                                              Principal author) {
        Instant now = clock.instant();
        BlobKey key = BlobKey.newHourly(blobPrefix, now);
        long size = blobs.put(key, new java.io.ByteArrayInputStream(content), content.length);
        return queued(idPrefix, key, size, now, recipient, body, smtpUtf8, traceId, author);
    }

    /** The listener named in the records of the messages delivery writes itself. */
    public static final String GENERATED_BY = "delivery";

    /**
     * Whether {@code message} is a notice delivery wrote itself (a DSN, a delay notice, a Sieve
     * reject): the null sender, queued by delivery, no user behind it.
     */
    public static boolean isNotice(InboundMessage message) {
        return "".equals(message.mailFrom()) && message.client() != null
                && GENERATED_BY.equals(message.client().listener()) && message.client().submitter() == null;
    }

    /** The {@code mail.inbound} record of a generated message already stored under {@code key}. */
    private ProducerRecord<String, byte[]> queued(String idPrefix, BlobKey key, long size, Instant now,
                                                  String recipient, String body, boolean smtpUtf8, String traceId,
                                                  Principal author) {
        String id = idPrefix + UUID.randomUUID().toString().replace("-", "").toUpperCase(Locale.ROOT);
        InboundMessage generated = new InboundMessage(id, key.value(), size, now, "",
                List.of(new InboundMessage.Recipient(recipient, List.of(), null)), new InboundMessage.Dsn(null, null),
                body, smtpUtf8, new InboundMessage.Client("127.0.0.1", hostname, GENERATED_BY, null, author), traceId);
        return new ProducerRecord<>(inboundTopic, id, json.write(generated));
    }
}
