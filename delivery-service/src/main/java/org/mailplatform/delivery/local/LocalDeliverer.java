package org.mailplatform.delivery.local;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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
import org.mailplatform.model.InboundMessage;
import org.mailplatform.model.Principal;
import org.mailplatform.sieve.MessageHeader;
import org.mailplatform.sieve.SieveAction;
import org.mailplatform.sieve.SieveDecision;
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
 * <p>A user with an active Sieve script ({@link Filtering}) has it run first: the message goes where
 * it decides (keep, fileinto, discard, redirect, reject, vacation; docs/delivery.md, "Sieve filters"),
 * each target mailbox under its own idempotency key; such records are never batched.
 *
 * <p>Store or blob store unavailable: the exception reaches the stage, which pauses and retries the
 * same record. Over quota: bounce or defer by {@link OverQuotaPolicy}. Missing blob: dead letter.
 * Metrics: {@code mail.delivery.local{outcome}} (delivered, duplicate, deferred, bounced) and
 * {@code mail.delivery.local.junk{mailbox}} (junk stored in the Junk mailbox, or in the INBOX for
 * want of one), {@code mail.delivery.sieve{outcome}} (what users' scripts did).
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
    private final Filtering filtering;

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
        this.filtering = filtering;
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
            Optional<SieveFilter.Compiled> script = filtering == null ? Optional.empty()
                    : filtering.filter().script(d.principal());
            if (script.isPresent()) {
                return filtered(record, d, script.get());
            }
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
        if (deliveries.size() < 2 || hasScript(deliveries.getFirst().principal())) {
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
        return request(d, d.message().id());
    }

    /** The append of one delivery under {@code key} (a Sieve target other than the keep mailbox has its own). */
    private AppendRequest request(LocalDelivery d, String key) {
        Instant received = d.message().receivedAt();
        if (received != null && Duration.between(received, clock.instant()).compareTo(referenceWindow) < 0) {
            BlobReference body = new BlobReference(TraceHeaders.prefix(d), d.message().blobKey(), d.message().size());
            return AppendRequest.byReference(body, Set.of(), received, key);
        }
        InputStream content = new SequenceInputStream(new ByteArrayInputStream(TraceHeaders.prefix(d)),
                new OpenOnRead(() -> blobs.open(new BlobKey(d.message().blobKey()))));
        return new AppendRequest(content, Set.of(), d.message().receivedAt(), key);
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
        return appendOnce(d, mailbox, d.message().id());
    }

    private AppendResult appendOnce(LocalDelivery d, String mailbox, String key) {
        AppendRequest request = request(d, key);
        try (InputStream content = request.content()) {
            return store.append(d.principal(), mailbox, request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether batching must leave this user's records to {@link #handle}: they have a script to run. */
    private boolean hasScript(Principal user) {
        if (filtering == null) {
            return false;
        }
        try {
            return filtering.filter().script(user).isPresent();
        } catch (RuntimeException storeDown) {
            return true; // one by one, where the failure pauses the stage as it should
        }
    }

    /**
     * Carries out what the user's script decided (docs/delivery.md, "Sieve filters"): one append per
     * target mailbox, each under its own idempotency key (the keep mailbox under the inbound id, as
     * without a script; any other under the id and its name: mailbox-store keys appends per user), so a
     * redelivered record stores nothing twice; a redirected copy, a reject's DSN and a vacation reply
     * as records of this stage's transaction. A failed append (quota, size, missing blob) settles the
     * record as without a script, before anything else happens.
     */
    private Outcome filtered(ConsumerRecord<String, byte[]> record, LocalDelivery d, SieveFilter.Compiled script) {
        SieveFilter.Run run = filtering.filter().run(d, script);
        SieveDecision decision = run.decision();
        Principal user = d.principal();
        if (decision.failed()) {
            sieve("error");
            log.warn("{} for {}: Sieve script {} failed, message kept: {}", d.message().id(), user.userId(),
                    script.name(), decision.error());
        }
        String keepMailbox = mailboxFor(d);
        Set<String> targets = new LinkedHashSet<>();
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
        boolean loopKept = false;
        for (SieveAction action : decision.actions()) {
            switch (action) {
                case SieveAction.Keep k -> targets.add(keepMailbox);
                case SieveAction.FileInto f -> targets.add(fileIntoTarget(d, f.mailbox(), keepMailbox));
                case SieveAction.Redirect r -> {
                    if (alreadyDeliveredTo(run.header(), user)) {
                        sieve("redirect_looped");
                        log.info("{} for {}: redirect to <{}> skipped, the message was here before (Delivered-To)",
                                d.message().id(), user.userId(), r.address());
                        loopKept = true;
                    } else {
                        out.add(redirect(d, r.address()));
                        sieve("redirected");
                    }
                }
                case SieveAction.Reject r -> {
                    sieve("rejected");
                    bounces.bounce(d.message(), List.of(new FailedRecipient(d.recipient(), "5.7.1",
                            "rejected by the recipient's filter: " + r.reason(), null))).ifPresent(out::add);
                }
                case SieveAction.Discard x -> {
                    // stores nothing; counted below when nothing else stores the message
                }
                case SieveAction.Vacation v -> {
                    // after the message is stored
                }
            }
        }
        if (loopKept && targets.isEmpty()) {
            // a redirect that would loop must not lose the message: it stays here
            targets.add(keepMailbox);
        }
        if (targets.isEmpty() && !decision.all(SieveAction.Discard.class).isEmpty()) {
            sieve("discarded");
            log.info("{} for {}: discarded by Sieve script {}", d.message().id(), user.userId(), script.name());
        }
        for (String mailbox : targets) {
            boolean keep = mailbox.equals(keepMailbox);
            String key = keep ? d.message().id() : d.message().id() + "/sieve/" + mailbox;
            Filed filed = appendTarget(d, mailbox, key, keepMailbox);
            delivered(d, filed.mailbox(), filed.result());
            if (!filed.result().duplicate()) {
                sieve(keep ? "kept" : "filed");
            }
        }
        if (filtering.vacation() != null) {
            for (SieveAction.Vacation v : decision.all(SieveAction.Vacation.class)) {
                filtering.vacation().reply(d, run.header(), v).ifPresent(reply -> {
                    out.add(reply);
                    sieve("vacation_replied");
                    log.info("{} for {}: vacation reply {} to <{}>", d.message().id(), user.userId(), reply.key(),
                            d.message().mailFrom());
                });
            }
        }
        return Outcome.done(out);
    }

    /**
     * Where {@code fileinto} stores: the named mailbox if the user has it; otherwise the keep mailbox
     * (as Pigeonhole does without {@code :create}: a typo in a script never loses mail).
     */
    private String fileIntoTarget(LocalDelivery d, String name, String keepMailbox) {
        if (name.equalsIgnoreCase(INBOX)) {
            return INBOX;
        }
        try {
            if (store.find(d.principal(), name).isPresent()) {
                return name;
            }
        } catch (MailboxException.InvalidName bad) {
            // a name the store refuses is a mailbox that does not exist
        }
        log.info("{} for {}: fileinto \"{}\": no such mailbox, kept in {}", d.message().id(), d.principal().userId(),
                name, keepMailbox);
        return keepMailbox;
    }

    /**
     * Appends to one target. A filed-into mailbox deleted since it was looked up: kept instead, under
     * the keep mailbox's key. The keep mailbox missing: as without a script (a first delivery creates
     * the default mailboxes; a Junk mailbox gone is looked up again).
     */
    private Filed appendTarget(LocalDelivery d, String mailbox, String key, String keepMailbox) {
        try {
            return new Filed(mailbox, appendOnce(d, mailbox, key));
        } catch (MailboxException.NotFound gone) {
            if (!mailbox.equals(keepMailbox)) {
                return appendTarget(d, keepMailbox, d.message().id(), keepMailbox);
            }
            String again = afterNotFound(d, mailbox);
            return new Filed(again, appendOnce(d, again, key));
        }
    }

    /** Whether the message came through this user before: a {@code Delivered-To} with their address. */
    private static boolean alreadyDeliveredTo(MessageHeader header, Principal user) {
        return header.values("delivered-to").stream().anyMatch(v -> v.equalsIgnoreCase(user.address()));
    }

    /**
     * A copy of the message for {@code address}: the same queued blob and envelope sender (the router
     * applies SRS when it leaves for another provider), routed as new mail, with {@code Delivered-To}
     * of this user in its verdict fields, above the message wherever it is delivered, so that the
     * message coming back here is recognised. Its id is derived from the original's, the user's and
     * the address, the same on every redelivery.
     */
    private ProducerRecord<String, byte[]> redirect(LocalDelivery d, String address) {
        InboundMessage m = d.message();
        String fields = "Delivered-To: " + d.principal().address().replaceAll("[\\r\\n]", "") + "\r\n"
                + new String(VerdictFields.of(m), StandardCharsets.UTF_8);
        String id = m.id() + "-R" + shortHash(d.principal().tenantId() + "/" + d.principal().userId() + "/"
                + address.toLowerCase(Locale.ROOT));
        InboundMessage copy = new InboundMessage(id, m.blobKey(), m.size(), m.receivedAt(), m.mailFrom(),
                List.of(new InboundMessage.Recipient(address, d.recipient().notifyOn(), null)), m.dsn(), m.body(),
                m.smtpUtf8(), m.client(), m.traceId(), new InboundMessage.Verdict(fields, VerdictFields.junk(m)));
        log.info("{} for {}: redirected to <{}> as {}", m.id(), d.principal().userId(), address, id);
        return new ProducerRecord<>(filtering.inboundTopic(), id, json.write(copy));
    }

    private static String shortHash(String s) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().withUpperCase().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always there", e);
        }
    }

    private void sieve(String outcome) {
        meters.counter("mail.delivery.sieve", "outcome", outcome).increment();
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
