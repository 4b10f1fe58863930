package org.mailplatform.delivery.local;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.mailplatform.delivery.dsn.BounceSender;
import org.mailplatform.delivery.dsn.FailedRecipient;
import org.mailplatform.delivery.queue.LocalDelivery;
import org.mailplatform.delivery.queue.QueueJson;
import org.mailplatform.delivery.queue.VerdictFields;
import org.mailplatform.delivery.stage.Outcome;
import org.mailplatform.model.InboundMessage;
import org.mailplatform.model.Principal;
import org.mailplatform.sieve.MailboxLookup;
import org.mailplatform.sieve.MessageHeader;
import org.mailplatform.sieve.SieveAction;
import org.mailplatform.sieve.SieveDecision;
import org.mailplatform.store.Flags;
import org.mailplatform.store.MailboxException;
import org.mailplatform.store.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local delivery for a user with an active Sieve script: runs it and carries out what it decided (keep,
 * fileinto, discard, redirect, reject, vacation; with :copy, imap4flags' flags, fileinto :create and
 * mailboxexists; docs/delivery.md, "Sieve filters"): one append per target mailbox, with the flags of
 * the script's stores to it, each under its own idempotency key (the keep mailbox under the inbound id, as
 * without a script; any other under the id and its name: mailbox-store keys appends per user), so a
 * redelivered record stores nothing twice; a redirected copy, a reject's DSN and a vacation reply as
 * records of the stage's transaction. A failed append (quota, size, missing blob) throws, and the
 * record is settled as without a script, before anything else happens. Such records are never
 * batched.
 *
 * <p>Metrics: {@code mail.delivery.sieve{outcome}} (what users' scripts did).
 */
final class SieveDelivery {

    private static final Logger log = LoggerFactory.getLogger(SieveDelivery.class);

    private final LocalDeliverer.Filtering filtering;
    private final MailboxAppender mailboxes;
    private final LocalMetrics metrics;
    private final BounceSender bounces;
    private final QueueJson json;
    private final MeterRegistry meters;

    SieveDelivery(LocalDeliverer.Filtering filtering, MailboxAppender mailboxes, LocalMetrics metrics,
                  BounceSender bounces, QueueJson json, MeterRegistry meters) {
        this.filtering = filtering;
        this.mailboxes = mailboxes;
        this.metrics = metrics;
        this.bounces = bounces;
        this.json = json;
        this.meters = meters;
    }

    /** The user's active script, compiled; none without one. */
    Optional<SieveFilter.Compiled> script(Principal user) {
        return filtering.filter().script(user);
    }

    /** Runs the user's script on the delivery and carries out its decision. */
    Outcome deliver(LocalDelivery d, SieveFilter.Compiled script) {
        Principal user = d.principal();
        RuntimeException[] lookupFailed = new RuntimeException[1];
        SieveFilter.Run run = filtering.filter().run(d, script, new MailboxLookup() {
            @Override
            public boolean exists(String name) {
                return asked(() -> mailboxes.existsWithDefaults(user, name));
            }

            @Override
            public String withSpecialUse(String attribute) {
                return asked(() -> mailboxes.withSpecialUse(user, attribute));
            }

            private <T> T asked(java.util.function.Supplier<T> lookup) {
                try {
                    return lookup.get();
                } catch (RuntimeException e) {
                    if (!(e instanceof MailboxException) || e instanceof StoreUnavailableException) {
                        lookupFailed[0] = e;
                    }
                    throw e; // a refusal of the store's own (MailboxException): a run-time error, kept
                }
            }
        });
        if (lookupFailed[0] != null) {
            // the store could not answer mailboxexists (MongoDB down): as when an append fails, the stage tries again
            throw lookupFailed[0];
        }
        SieveDecision decision = run.decision();
        if (decision.failed()) {
            sieve("error");
            log.warn("{} for {}: Sieve script {} failed, message kept: {}", d.message().id(), user.userId(),
                    script.name(), decision.error());
        }
        String keepMailbox = mailboxes.mailboxFor(d);
        // each target mailbox once, with the flags of all the script's stores to it
        Map<String, Set<String>> targets = new LinkedHashMap<>();
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
        boolean loopKept = false;
        for (SieveAction action : decision.actions()) {
            switch (action) {
                case SieveAction.Keep k -> target(targets, keepMailbox, k.flags());
                case SieveAction.FileInto f -> target(targets, fileIntoTarget(d, f, keepMailbox), f.flags());
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
                            "rejected by the recipient's filter: " + reportable(r.reason(), d.message().smtpUtf8()),
                            null))).ifPresent(out::add);
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
            targets.put(keepMailbox, Set.of());
        }
        if (targets.isEmpty() && !decision.all(SieveAction.Discard.class).isEmpty()) {
            sieve("discarded");
            log.info("{} for {}: discarded by Sieve script {}", d.message().id(), user.userId(), script.name());
        }
        for (Map.Entry<String, Set<String>> target : targets.entrySet()) {
            String mailbox = target.getKey();
            boolean keep = mailbox.equals(keepMailbox);
            String key = keep ? d.message().id() : d.message().id() + "/sieve/" + mailbox;
            MailboxAppender.Filed filed = appendTarget(d, mailbox, key, keepMailbox, storable(d, target.getValue()));
            metrics.delivered(d, filed.mailbox(), filed.result());
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

    /** Adds a store to {@code mailbox}: a second store to one mailbox adds its flags (as Pigeonhole merges them). */
    private static void target(Map<String, Set<String>> targets, String mailbox, Set<String> flags) {
        targets.computeIfAbsent(mailbox, m -> new LinkedHashSet<>()).addAll(flags);
    }

    /**
     * The flags the store takes (its {@code Flags.canonical}): libs/sieve passes only IMAP flags, but
     * the store's own bounds (a keyword's length) are the store's; a flag it would refuse is left out
     * and logged, as Pigeonhole ignores a flag it cannot set, rather than failing the append.
     */
    private static Set<String> storable(LocalDelivery d, Set<String> flags) {
        Set<String> out = new LinkedHashSet<>();
        for (String f : flags) {
            try {
                String c = Flags.canonical(f);
                if (c != null) {
                    out.add(c);
                }
            } catch (IllegalArgumentException refused) {
                log.info("{} for {}: Sieve flag ignored: {}", d.message().id(), d.principal().userId(),
                        refused.getMessage());
            }
        }
        return out;
    }

    /**
     * Where {@code fileinto} stores: with {@code :specialuse}, the mailbox with that special-use
     * attribute if the user has one (RFC 8579); the named mailbox if the user has it; one that does not exist is
     * created for {@code :create} (RFC 5490) with the store's name rules and limits; otherwise, or when
     * the store refuses the name, the keep mailbox (as Pigeonhole does: a typo in a script never loses
     * mail).
     */
    private String fileIntoTarget(LocalDelivery d, SieveAction.FileInto f, String keepMailbox) {
        if (f.specialUse() != null) {
            // RFC 8579 4: the mailbox with the attribute first, whatever it is called
            String special = mailboxes.withSpecialUse(d.principal(), f.specialUse());
            if (special != null) {
                return special;
            }
        }
        String name = f.mailbox();
        if (name.equalsIgnoreCase(MailboxAppender.INBOX)) {
            return MailboxAppender.INBOX;
        }
        if (mailboxes.existsWithDefaults(d.principal(), name)) {
            return name;
        }
        if (f.create()) {
            try {
                String created = f.specialUse() == null ? mailboxes.create(d.principal(), name)
                        : mailboxes.create(d.principal(), name, f.specialUse());
                log.info("{} for {}: fileinto :create \"{}\": mailbox created", d.message().id(),
                        d.principal().userId(), created);
                return created;
            } catch (MailboxException.InvalidName | MailboxException.NotAllowed refused) {
                log.info("{} for {}: fileinto :create \"{}\": {}, kept in {}", d.message().id(),
                        d.principal().userId(), name, refused.getMessage(), keepMailbox);
                return keepMailbox;
            }
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
    private MailboxAppender.Filed appendTarget(LocalDelivery d, String mailbox, String key, String keepMailbox,
                                               Set<String> flags) {
        try {
            return new MailboxAppender.Filed(mailbox, mailboxes.appendOnce(d, mailbox, key, flags));
        } catch (MailboxException.NotFound gone) {
            if (!mailbox.equals(keepMailbox)) {
                return appendTarget(d, keepMailbox, d.message().id(), keepMailbox, flags);
            }
            String again = mailboxes.afterNotFound(d, mailbox);
            return new MailboxAppender.Filed(again, mailboxes.appendOnce(d, again, key, flags));
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
     * the address, the same on every redelivery. libs/sieve gives the address's domain as an A-label.
     */
    private ProducerRecord<String, byte[]> redirect(LocalDelivery d, String address) {
        InboundMessage m = d.message();
        String fields = "Delivered-To: " + d.principal().address().replaceAll("[\\r\\n]", "") + "\r\n"
                + new String(VerdictFields.of(m), StandardCharsets.UTF_8);
        String id = m.id() + "-R" + shortHash(d.principal().tenantId() + "/" + d.principal().userId() + "/"
                + address.toLowerCase(Locale.ROOT));
        // a UTF-8 local part can only travel with SMTPUTF8 (RFC 6531), whatever the original needed
        boolean smtpUtf8 = m.smtpUtf8() || !StandardCharsets.US_ASCII.newEncoder().canEncode(address);
        InboundMessage copy = new InboundMessage(id, m.blobKey(), m.size(), m.receivedAt(), m.mailFrom(),
                List.of(new InboundMessage.Recipient(address, d.recipient().notifyOn(), null)), m.dsn(), m.body(),
                smtpUtf8, m.client(), m.traceId(), new InboundMessage.Verdict(fields, VerdictFields.junk(m)));
        log.info("{} for {}: redirected to <{}> as {}", m.id(), d.principal().userId(), address, id);
        return new ProducerRecord<>(filtering.inboundTopic(), id, json.write(copy));
    }

    /** Longest reject reason quoted in the report (its line and its Diagnostic-Code field stay far below 998). */
    private static final int MAX_REASON = 200;

    /**
     * A reject reason as the DSN can carry it: one line, at most {@value #MAX_REASON} characters, and
     * ASCII unless the report is a UTF-8 one (it is when the rejected message was SMTPUTF8): a 7-bit
     * report, and its Diagnostic-Code field, must not hold 8-bit text.
     */
    static String reportable(String reason, boolean utf8) {
        String line = reason.replaceAll("\\s+", " ").strip();
        if (!utf8) {
            line = line.replaceAll("[^\\x20-\\x7e]", "?");
        }
        if (line.codePointCount(0, line.length()) > MAX_REASON) {
            line = line.substring(0, line.offsetByCodePoints(0, MAX_REASON)) + "...";
        }
        return line;
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
}
