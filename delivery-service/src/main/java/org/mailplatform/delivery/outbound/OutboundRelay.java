package org.mailplatform.delivery.outbound;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.mailplatform.blob.BlobKey;
import org.mailplatform.blob.BlobNotFoundException;
import org.mailplatform.blob.BlobStore;
import org.mailplatform.delivery.dkim.OutboundSigner;
import org.mailplatform.delivery.dkim.SigningOutcome;
import org.mailplatform.delivery.dsn.BounceSender;
import org.mailplatform.delivery.dsn.FailedRecipient;
import org.mailplatform.delivery.queue.OutboundDelivery;
import org.mailplatform.delivery.queue.QueueJson;
import org.mailplatform.delivery.queue.VerdictFields;
import org.mailplatform.delivery.retry.RetryRecords;
import org.mailplatform.delivery.retry.RetrySchedule;
import org.mailplatform.delivery.stage.Outcome;
import org.mailplatform.delivery.stage.RecordHandler;
import org.mailplatform.model.InboundMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbound stage: delivers one {@code mail.outbound} record (one message, one domain) over SMTP,
 * to the domain's exchangers or to the configured smart host, trying exchangers in order until one
 * answers. Recipients that failed temporarily go to {@code mail.retry} with the next time from the
 * {@link RetrySchedule}; permanent failures, and temporary ones once the message expired, go into a
 * DSN to the sender. Once a message has waited the delay warning time, its deferred recipients get
 * one delay notice ({@link BounceSender#delay}).
 *
 * <p>Metrics: {@code mail.delivery.outbound.recipients{outcome}} (delivered, deferred, bounced) and
 * {@code mail.delivery.outbound.attempts} (timer per attempt).
 */
public final class OutboundRelay implements RecordHandler {

    private static final Logger log = LoggerFactory.getLogger(OutboundRelay.class);

    /**
     * A fixed next hop instead of MX lookup.
     *
     * @param host the smart host's name
     * @param port its port
     */
    public record SmartHost(String host, int port) {
    }

    private final MxResolver mx;
    private final SmartHost smartHost;
    private final int port;
    private final SmtpTransaction smtp;
    private final OutboundSigner signer;
    private final DomainLimiter limiter;
    private final BlobStore blobs;
    private final BounceSender bounces;
    private final RetrySchedule schedule;
    private final QueueJson json;
    private final String outboundTopic;
    private final String retryTopic;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Timer attempts;

    OutboundRelay(MxResolver mx, SmartHost smartHost, int port, SmtpTransaction smtp, OutboundSigner signer,
                  DomainLimiter limiter,
                  BlobStore blobs, BounceSender bounces, RetrySchedule schedule, QueueJson json, String outboundTopic,
                  String retryTopic, Clock clock, MeterRegistry meters) {
        this.mx = mx;
        this.smartHost = smartHost;
        this.port = port;
        this.smtp = smtp;
        this.signer = signer;
        this.limiter = limiter;
        this.blobs = blobs;
        this.bounces = bounces;
        this.schedule = schedule;
        this.json = json;
        this.outboundTopic = outboundTopic;
        this.retryTopic = retryTopic;
        this.clock = clock;
        this.meters = meters;
        this.attempts = Timer.builder("mail.delivery.outbound.attempts").register(meters);
    }

    @Override
    public Outcome handle(ConsumerRecord<String, byte[]> record) {
        OutboundDelivery d = json.read(record.value(), OutboundDelivery.class);
        Map<InboundMessage.Recipient, RecipientResult> results;
        try {
            // the intake's Authentication-Results go along, as a milter's fields would in Postfix; a
            // signature goes above them (added later), and signs the blob only: they are not in its h=
            MessageContent content = MessageContent.of(d.message().size(),
                    () -> blobs.open(new BlobKey(d.message().blobKey()))).withPrefix(VerdictFields.of(d.message()));
            // signed before taking a slot of the domain's limit: the extra read of the blob is not
            // the remote's time
            results = switch (signer.sign(d.message(), content.stream())) {
                case SigningOutcome.Signed s -> limiter.call(d.domain(),
                        () -> attempts.record(() -> deliver(d, content.withPrefix(s.bytes()))));
                case SigningOutcome.Unsigned u -> limiter.call(d.domain(), () -> attempts.record(() -> deliver(d, content)));
                case SigningOutcome.Deferred deferred -> all(d, new RecipientResult.Temporary(deferred.detail(), null));
            };
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.Pause("interrupted", e);
        } catch (BlobNotFoundException e) {
            // no attempt can ever succeed: dead-lettered at once (the session was dropped before the
            // end of DATA, so the remote discarded what it got), not retried as an unexpected failure
            return new Outcome.DeadLetter("queued message " + d.message().blobKey() + " is missing", e);
        } catch (IOException e) {
            // the blob store failed while the message was read for signing: a temporary failure of
            // the stage, like a failure while sending it
            throw new UncheckedIOException(e);
        }
        return settle(d, results);
    }

    private Map<InboundMessage.Recipient, RecipientResult> deliver(OutboundDelivery d, MessageContent content) {
        if (smartHost != null) {
            SmtpTransaction.Result r = smtp.run(d, smartHost.host(), new InetSocketAddress(smartHost.host(), smartHost.port()),
                    content);
            return answered(d, r);
        }
        return switch (mx.resolve(d.domain())) {
            case Route.NullMx n -> all(d, new RecipientResult.Permanent("5.1.10",
                    "domain " + d.domain() + " accepts no mail (null MX)", null));
            case Route.NoSuchDomain n -> all(d, new RecipientResult.Permanent("5.1.2", n.detail(), null));
            case Route.TemporaryFailure t -> all(d, new RecipientResult.Temporary(t.detail(), null));
            case Route.Hosts h -> {
                String last = "no exchanger";
                for (Route.Host host : h.hosts()) {
                    for (InetAddress address : host.addresses()) {
                        SmtpTransaction.Result r = smtp.run(d, host.name(), new InetSocketAddress(address, port), content);
                        if (r instanceof SmtpTransaction.Answered a) {
                            yield a.recipients();
                        }
                        last = ((SmtpTransaction.Unreachable) r).detail();
                        log.info("{}: {}", d.message().id(), last);
                    }
                }
                yield all(d, new RecipientResult.Temporary(last, null));
            }
        };
    }

    private static Map<InboundMessage.Recipient, RecipientResult> answered(OutboundDelivery d, SmtpTransaction.Result r) {
        return switch (r) {
            case SmtpTransaction.Answered a -> a.recipients();
            case SmtpTransaction.Unreachable u -> all(d, new RecipientResult.Temporary(u.detail(), null));
        };
    }

    private static Map<InboundMessage.Recipient, RecipientResult> all(OutboundDelivery d, RecipientResult result) {
        Map<InboundMessage.Recipient, RecipientResult> m = new LinkedHashMap<>();
        d.recipients().forEach(r -> m.put(r, result));
        return m;
    }

    private Outcome settle(OutboundDelivery d, Map<InboundMessage.Recipient, RecipientResult> results) {
        Instant now = clock.instant();
        List<FailedRecipient> failed = new ArrayList<>();
        List<InboundMessage.Recipient> deferred = new ArrayList<>();
        String lastError = null;
        for (Map.Entry<InboundMessage.Recipient, RecipientResult> e : results.entrySet()) {
            switch (e.getValue()) {
                case RecipientResult.Delivered ok -> count("delivered");
                case RecipientResult.Permanent p -> failed.add(new FailedRecipient(e.getKey(), p.status(), p.diagnostic(), p.remoteMta()));
                case RecipientResult.Temporary t -> {
                    deferred.add(e.getKey());
                    lastError = t.diagnostic();
                }
            }
        }
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
        if (!deferred.isEmpty()) {
            Optional<Instant> next = schedule.next(d.attempts() + 1, d.message().receivedAt(), now);
            if (next.isPresent()) {
                boolean notified = d.delayNotified();
                if (bounces.delayNoticeDue(d.message().receivedAt(), notified)) {
                    List<FailedRecipient> delayed = deferred.stream().map(r -> {
                        RecipientResult.Temporary t = (RecipientResult.Temporary) results.get(r);
                        return FailedRecipient.delayed(r, t.diagnostic(), t.remoteMta());
                    }).toList();
                    bounces.delay(d.message(), delayed, schedule.expiry(d.message().receivedAt())).ifPresent(out::add);
                    notified = true;
                }
                OutboundDelivery again = d.retry(deferred, next.get(), lastError, notified);
                out.add(RetryRecords.defer(retryTopic, outboundTopic, d.domain(), json.write(again), next.get()));
                deferred.forEach(r -> count("deferred"));
                log.info("{}: {} recipient(s) at {} deferred until {}: {}", d.message().id(), deferred.size(), d.domain(),
                        next.get(), lastError);
            } else {
                for (InboundMessage.Recipient r : deferred) {
                    RecipientResult.Temporary t = (RecipientResult.Temporary) results.get(r);
                    failed.add(new FailedRecipient(r, "4.4.7", "delivery time expired; last error: " + t.diagnostic(),
                            t.remoteMta()));
                }
            }
        }
        if (!failed.isEmpty()) {
            failed.forEach(f -> count("bounced"));
            bounces.bounce(d.message(), failed).ifPresent(out::add);
        }
        return Outcome.done(out);
    }

    private void count(String outcome) {
        meters.counter("mail.delivery.outbound.recipients", "outcome", outcome).increment();
    }
}
