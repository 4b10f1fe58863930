package org.mailplatform.delivery.local;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.mailplatform.blob.BlobNotFoundException;
import org.mailplatform.blob.BlobStore;
import org.mailplatform.delivery.dsn.BounceSender;
import org.mailplatform.delivery.dsn.FailedRecipient;
import org.mailplatform.delivery.queue.LocalDelivery;
import org.mailplatform.delivery.queue.QueueJson;
import org.mailplatform.delivery.queue.VerdictFields;
import org.mailplatform.delivery.retry.RetryRecords;
import org.mailplatform.delivery.retry.RetrySchedule;
import org.mailplatform.delivery.stage.Outcome;
import org.mailplatform.delivery.stage.RecordHandler;
import org.mailplatform.model.Principal;
import org.mailplatform.store.AppendOutcome;
import org.mailplatform.store.MailboxStore;
import org.mailplatform.store.MessageTooLargeException;
import org.mailplatform.store.OverQuotaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local delivery stage: appends one {@code mail.local} record to the user's INBOX through
 * mailbox-store ({@link MailboxAppender}: the INBOX, or the {@code \Junk} mailbox for a junk verdict),
 * which checks the quota atomically, parses the message once and stores it. The idempotency key is the
 * inbound id (mailbox-store keys it per user), so a redelivered record finds the stored message and
 * stores nothing new. The queued blob is stored by reference, not copied, within the reference window
 * ({@link AppendRequests}).
 *
 * <p>One user's several records of a batch are appended {@linkplain #handleTogether together}, in
 * their order, as one mailbox-store batch ({@link MailboxStore#appendAll}: one quota update, one UID
 * allocation, one insert, one visibility move and one change event for all of them), each with its
 * own idempotency key and its own quota check, bounce or deferral.
 *
 * <p>A user with an active Sieve script ({@link Filtering}) has it run first ({@link SieveDelivery}):
 * the message goes where it decides (keep, fileinto, discard, redirect, reject, vacation;
 * docs/delivery.md, "Sieve filters"), each target mailbox under its own idempotency key; such records
 * are never batched.
 *
 * <p>Store or blob store unavailable: the exception reaches the stage, which pauses and retries the
 * same record. Over quota: bounce or defer by {@link OverQuotaPolicy}. Missing blob: dead letter.
 * Metrics: {@code mail.delivery.local{outcome}} (delivered, duplicate, deferred, bounced) and
 * {@code mail.delivery.local.junk{mailbox}} (junk stored in the Junk mailbox, or in the INBOX for
 * want of one), {@link LocalMetrics}; {@code mail.delivery.sieve{outcome}} (what users' scripts did).
 */
public final class LocalDeliverer implements RecordHandler {

    private static final Logger log = LoggerFactory.getLogger(LocalDeliverer.class);

    private final BounceSender bounces;
    private final OverQuotaPolicy overQuota;
    private final RetrySchedule schedule;
    private final QueueJson json;
    private final String localTopic;
    private final String retryTopic;
    private final Clock clock;
    private final MailboxAppender mailboxes;
    private final LocalMetrics metrics;
    /** Null without users' Sieve filters. */
    private final SieveDelivery sieve;

    /**
     * Users' Sieve filters: the script lookup and run, the vacation responder (null without a
     * vacation log: no replies) and the topic redirected copies go to ({@code mail.inbound}).
     */
    public record Filtering(SieveFilter filter, VacationResponder vacation, String inboundTopic) {
    }

    /** With the default reference window, that of the sweeper's default retention. */
    public LocalDeliverer(MailboxStore store, BlobStore blobs, BounceSender bounces, OverQuotaPolicy overQuota,
                          RetrySchedule schedule, QueueJson json, String localTopic, String retryTopic, Clock clock,
                          MeterRegistry meters) {
        this(store, blobs, bounces, overQuota, schedule, json, localTopic, retryTopic, clock, meters,
                DEFAULT_REFERENCE_WINDOW);
    }

    /** The reference window of the default queue blob retention (7 days) less its one-day margin. */
    public static final Duration DEFAULT_REFERENCE_WINDOW = Duration.ofDays(6);

    /**
     * @param referenceWindow a queued message received less than this long ago is stored by reference
     *                        to its queued blob; an older one is copied
     */
    public LocalDeliverer(MailboxStore store, BlobStore blobs, BounceSender bounces, OverQuotaPolicy overQuota,
                          RetrySchedule schedule, QueueJson json, String localTopic, String retryTopic, Clock clock,
                          MeterRegistry meters, Duration referenceWindow) {
        this(store, blobs, bounces, overQuota, schedule, json, localTopic, retryTopic, clock, meters, referenceWindow,
                null);
    }

    /** @param filtering users' Sieve filters, or null to deliver without them */
    public LocalDeliverer(MailboxStore store, BlobStore blobs, BounceSender bounces, OverQuotaPolicy overQuota,
                          RetrySchedule schedule, QueueJson json, String localTopic, String retryTopic, Clock clock,
                          MeterRegistry meters, Duration referenceWindow, Filtering filtering) {
        this.bounces = bounces;
        this.overQuota = overQuota;
        this.schedule = schedule;
        this.json = json;
        this.localTopic = localTopic;
        this.retryTopic = retryTopic;
        this.clock = clock;
        this.mailboxes = new MailboxAppender(store, new AppendRequests(blobs, clock, referenceWindow));
        this.metrics = new LocalMetrics(meters);
        this.sieve = filtering == null ? null
                : new SieveDelivery(filtering, mailboxes, metrics, bounces, json, meters);
    }

    @Override
    public Outcome handle(ConsumerRecord<String, byte[]> record) {
        LocalDelivery d = json.read(record.value(), LocalDelivery.class);
        try {
            Optional<SieveFilter.Compiled> script = sieve == null ? Optional.empty() : sieve.script(d.principal());
            if (script.isPresent()) {
                return sieve.deliver(d, script.get());
            }
            MailboxAppender.Filed filed = mailboxes.append(d);
            metrics.delivered(d, filed.mailbox(), filed.result());
            return Outcome.done(List.of());
        } catch (BlobNotFoundException e) {
            return missing(d, e);
        } catch (OverQuotaException e) {
            return overQuota(record, d, e);
        } catch (MessageTooLargeException e) {
            return tooLarge(d, e);
        }
    }

    /**
     * The records of one user for one mailbox (INBOX or Junk, by their verdicts), appended as one store
     * batch; the first record for the other mailbox ends the batch, as does another user's. Settles
     * them up to the first that failed
     * for another reason than quota, size or a missing blob (a backend down): that one and the rest
     * go to {@link #handle} one by one, which pauses on the failure as for a single record.
     */
    @Override
    public List<Outcome> handleTogether(List<ConsumerRecord<String, byte[]>> records) {
        List<LocalDelivery> deliveries = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            LocalDelivery d;
            try {
                d = json.read(r.value(), LocalDelivery.class);
            } catch (RuntimeException unreadable) {
                break;
            }
            if (!deliveries.isEmpty() && (!d.principal().equals(deliveries.getFirst().principal())
                    || VerdictFields.junk(d.message()) != VerdictFields.junk(deliveries.getFirst().message()))) {
                break;
            }
            deliveries.add(d);
        }
        if (deliveries.size() < 2 || hasScript(deliveries.getFirst().principal())) {
            return List.of();
        }
        MailboxAppender.FiledAll filed = mailboxes.appendAll(deliveries);
        List<AppendOutcome> stored = filed.outcomes();
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < stored.size(); i++) {
            LocalDelivery d = deliveries.get(i);
            AppendOutcome o = stored.get(i);
            if (o.isStored()) {
                metrics.delivered(d, filed.mailbox(), o.result());
                outcomes.add(Outcome.done(List.of()));
            } else if (o.failure() instanceof BlobNotFoundException e) {
                outcomes.add(missing(d, e));
            } else if (o.failure() instanceof OverQuotaException e) {
                outcomes.add(overQuota(records.get(i), d, e));
            } else if (o.failure() instanceof MessageTooLargeException e) {
                outcomes.add(tooLarge(d, e));
            } else {
                break;
            }
        }
        return outcomes;
    }

    /** Whether batching must leave this user's records to {@link #handle}: they have a script to run. */
    private boolean hasScript(Principal user) {
        if (sieve == null) {
            return false;
        }
        try {
            return sieve.script(user).isPresent();
        } catch (RuntimeException storeDown) {
            return true; // one by one, where the failure pauses the stage as it should
        }
    }

    private static Outcome missing(LocalDelivery d, BlobNotFoundException e) {
        return new Outcome.DeadLetter("queued message " + d.message().blobKey() + " is missing", e);
    }

    private Outcome tooLarge(LocalDelivery d, MessageTooLargeException e) {
        return bounce(d, "5.3.4", "message too big for the mailbox: " + e.getMessage());
    }

    private Outcome overQuota(ConsumerRecord<String, byte[]> record, LocalDelivery d, OverQuotaException e) {
        if (overQuota == OverQuotaPolicy.DEFER) {
            Instant now = clock.instant();
            Optional<Instant> next = schedule.next(d.attempts() + 1, d.message().receivedAt(), now);
            if (next.isPresent()) {
                metrics.count("deferred");
                log.info("{} for {} deferred until {}: {}", d.message().id(), d.principal().userId(), next.get(),
                        e.getMessage());
                List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
                boolean notified = d.delayNotified();
                if (bounces.delayNoticeDue(d.message().receivedAt(), notified)) {
                    bounces.delay(d.message(), List.of(new FailedRecipient(d.recipient(), "4.2.2",
                            "mailbox full: " + e.getMessage(), null)), schedule.expiry(d.message().receivedAt()))
                            .ifPresent(out::add);
                    notified = true;
                }
                LocalDelivery again = d.deferredUntil(next.get(), notified);
                out.add(RetryRecords.defer(retryTopic, localTopic, record.key(), json.write(again), next.get()));
                return Outcome.done(out);
            }
        }
        return bounce(d, "5.2.2", "mailbox full: " + e.getMessage());
    }

    private Outcome bounce(LocalDelivery d, String status, String diagnostic) {
        metrics.count("bounced");
        List<ProducerRecord<String, byte[]>> out = bounces.bounce(d.message(),
                List.of(new FailedRecipient(d.recipient(), status, diagnostic, null))).stream().toList();
        return Outcome.done(out);
    }
}
