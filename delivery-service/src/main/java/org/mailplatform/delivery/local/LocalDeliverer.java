package org.mailplatform.delivery.local;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.mailplatform.blob.BlobKey;
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
import org.mailplatform.store.AppendRequest;

import org.mailplatform.store.AppendResult;
import org.mailplatform.store.BlobReference;
import org.mailplatform.store.MailboxException;
import org.mailplatform.store.MailboxInfo;
import org.mailplatform.store.MailboxStore;
import org.mailplatform.store.MessageTooLargeException;
import org.mailplatform.store.OverQuotaException;
import org.mailplatform.store.SpecialUse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local delivery stage: appends one {@code mail.local} record to the user's INBOX through
 * mailbox-store, which checks the quota atomically, parses the message once and stores it. The
 * idempotency key is the inbound id (mailbox-store keys it per user), so a redelivered record finds
 * the stored message and stores nothing new.
 *
 * <p>The queued blob is stored by reference, not copied: the message is appended as
 * {@code Return-Path} and {@code Delivered-To} (a prefix the store keeps with the message) followed by
 * the queued blob ({@link BlobReference}). IMAP and POP3 serve exactly those bytes and that size, the
 * queued blob is never rewritten, and a message to many local users is stored once. The queued blob
 * sweeper keeps a queued blob while a message refers to it. A record older than the reference window
 * (a dead letter replayed days later, close to the sweeper's retention) is copied instead, as before,
 * so a sweep that checked the blob's references a moment earlier cannot delete it under the new
 * message.
 *
 * <p>One user's several records of a batch are appended {@linkplain #handleTogether together}, in
 * their order, as one mailbox-store batch ({@link MailboxStore#appendAll}: one quota update, one UID
 * allocation, one insert, one visibility move and one change event for all of them), each with its
 * own idempotency key and its own quota check, bounce or deferral.
 *
 * <p>A message whose intake verdict says junk (a DMARC {@code p=quarantine} failure) goes to the
 * user's mailbox with the {@code \Junk} special use (RFC 6154) instead, whatever its name; a user
 * without one (deleted) gets it in the INBOX, as Dovecot and Gmail do: mail is never lost for the
 * lack of a folder. A batch holds one user's records for one mailbox only.
 *
 * <p>Store or blob store unavailable: the exception reaches the stage, which pauses and retries the
 * same record. Over quota: bounce or defer by {@link OverQuotaPolicy}. Missing blob: dead letter.
 * Metrics: {@code mail.delivery.local{outcome}} (delivered, duplicate, deferred, bounced) and
 * {@code mail.delivery.local.junk{mailbox}} (junk stored in the Junk mailbox, or in the INBOX for
 * want of one).
 */
public final class LocalDeliverer implements RecordHandler {

    private static final Logger log = LoggerFactory.getLogger(LocalDeliverer.class);
    private static final String INBOX = "INBOX";

    private final MailboxStore store;
    private final BlobStore blobs;
    private final BounceSender bounces;
    private final OverQuotaPolicy overQuota;
    private final RetrySchedule schedule;
    private final QueueJson json;
    private final String localTopic;
    private final String retryTopic;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Duration referenceWindow;

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
        this.referenceWindow = referenceWindow;
        this.store = store;
        this.blobs = blobs;
        this.bounces = bounces;
        this.overQuota = overQuota;
        this.schedule = schedule;
        this.json = json;
        this.localTopic = localTopic;
        this.retryTopic = retryTopic;
        this.clock = clock;
        this.meters = meters;
    }

    @Override
    public Outcome handle(ConsumerRecord<String, byte[]> record) {
        LocalDelivery d = json.read(record.value(), LocalDelivery.class);
        try {
            Filed filed = append(d);
            delivered(d, filed.mailbox(), filed.result());
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
        if (deliveries.size() < 2) {
            return List.of();
        }
        FiledAll filed = appendAll(deliveries);
        List<AppendOutcome> stored = filed.outcomes();
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < stored.size(); i++) {
            LocalDelivery d = deliveries.get(i);
            AppendOutcome o = stored.get(i);
            if (o.isStored()) {
                delivered(d, filed.mailbox(), o.result());
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

    /** Where a delivery was stored, and how. */
    private record Filed(String mailbox, AppendResult result) {
    }

    /** Where a batch was stored, and each record's outcome. */
    private record FiledAll(String mailbox, List<AppendOutcome> outcomes) {
    }

    private FiledAll appendAll(List<LocalDelivery> deliveries) {
        LocalDelivery first = deliveries.getFirst();
        Principal p = first.principal();
        String mailbox = mailboxFor(first);
        try {
            return new FiledAll(mailbox, appendAllOnce(p, mailbox, deliveries));
        } catch (MailboxException.NotFound gone) {
            mailbox = afterNotFound(first, mailbox);
            return new FiledAll(mailbox, appendAllOnce(p, mailbox, deliveries));
        }
    }

    /**
     * The mailbox a delivery goes to: the INBOX, or for junk the user's {@code \Junk} mailbox under
     * whatever name it has now, the INBOX when there is none. Looked up for each junk delivery (or
     * batch): junk is rare, and a cached answer could name a mailbox deleted since.
     */
    private String mailboxFor(LocalDelivery d) {
        if (!VerdictFields.junk(d.message())) {
            return INBOX;
        }
        return store.list(d.principal(), "", "*", false).stream()
                .filter(m -> m.specialUse() == SpecialUse.JUNK)
                .map(MailboxInfo::name)
                .findFirst()
                .orElse(INBOX);
    }

    /**
     * The mailbox to try again after {@code missing} was not found: a first delivery finds no INBOX,
     * so the default mailboxes (Junk among them) are created; a Junk mailbox deleted or renamed since
     * it was looked up is looked up again (never created again: the user deleted it).
     */
    private String afterNotFound(LocalDelivery d, String missing) {
        if (INBOX.equals(missing)) {
            store.ensureDefaultMailboxes(d.principal());
        }
        return mailboxFor(d);
    }

    private List<AppendOutcome> appendAllOnce(Principal p, String mailbox, List<LocalDelivery> deliveries) {
        List<AppendRequest> requests = new ArrayList<>();
        try {
            for (LocalDelivery d : deliveries) {
                requests.add(request(d));
            }
            return store.appendAll(p, mailbox, requests);
        } finally {
            for (AppendRequest r : requests) {
                if (r.content() == null) {
                    continue;
                }
                try {
                    r.content().close();
                } catch (IOException ignored) {
                    // a download not read to its end; nothing to keep
                }
            }
        }
    }

    /**
     * The append of one delivery: the trace headers, then the queued blob, by reference while the
     * record is within the reference window, else copied (the blob opened only when the store reads
     * that far); keyed by the inbound message id so a redelivered record stores nothing new.
     */
    private AppendRequest request(LocalDelivery d) {
        Instant received = d.message().receivedAt();
        if (received != null && Duration.between(received, clock.instant()).compareTo(referenceWindow) < 0) {
            BlobReference body = new BlobReference(TraceHeaders.prefix(d), d.message().blobKey(), d.message().size());
            return AppendRequest.byReference(body, Set.of(), received, d.message().id());
        }
        InputStream content = new SequenceInputStream(new ByteArrayInputStream(TraceHeaders.prefix(d)),
                new OpenOnRead(() -> blobs.open(new BlobKey(d.message().blobKey()))));
        return new AppendRequest(content, Set.of(), d.message().receivedAt(), d.message().id());
    }

    private void delivered(LocalDelivery d, String mailbox, AppendResult stored) {
        count(stored.duplicate() ? "duplicate" : "delivered");
        if (VerdictFields.junk(d.message()) && !stored.duplicate()) {
            meters.counter("mail.delivery.local.junk", "mailbox", INBOX.equals(mailbox) ? "inbox" : "junk")
                    .increment();
        }
        log.debug("{} delivered to {} {} as UID {}{}", d.message().id(), d.principal().userId(), mailbox,
                stored.uid(), stored.duplicate() ? " (already stored)" : "");
    }

    private static Outcome missing(LocalDelivery d, BlobNotFoundException e) {
        return new Outcome.DeadLetter("queued message " + d.message().blobKey() + " is missing", e);
    }

    private Outcome tooLarge(LocalDelivery d, MessageTooLargeException e) {
        return bounce(d, "5.3.4", "message too big for the mailbox: " + e.getMessage());
    }

    private Filed append(LocalDelivery d) {
        String mailbox = mailboxFor(d);
        try {
            return new Filed(mailbox, appendOnce(d, mailbox));
        } catch (MailboxException.NotFound gone) {
            mailbox = afterNotFound(d, mailbox);
            return new Filed(mailbox, appendOnce(d, mailbox));
        }
    }

    private AppendResult appendOnce(LocalDelivery d, String mailbox) {
        AppendRequest request = request(d);
        try (InputStream content = request.content()) {
            return store.append(d.principal(), mailbox, request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Outcome overQuota(ConsumerRecord<String, byte[]> record, LocalDelivery d, OverQuotaException e) {
        if (overQuota == OverQuotaPolicy.DEFER) {
            Instant now = clock.instant();
            Optional<Instant> next = schedule.next(d.attempts() + 1, d.message().receivedAt(), now);
            if (next.isPresent()) {
                count("deferred");
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
        count("bounced");
        List<ProducerRecord<String, byte[]>> out = bounces.bounce(d.message(),
                List.of(new FailedRecipient(d.recipient(), status, diagnostic, null))).stream().toList();
        return Outcome.done(out);
    }

    private void count(String outcome) {
        meters.counter("mail.delivery.local", "outcome", outcome).increment();
    }
}
