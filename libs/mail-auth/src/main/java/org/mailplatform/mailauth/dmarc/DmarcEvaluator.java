package org.mailplatform.mailauth.dmarc;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntSupplier;

import org.mailplatform.mailauth.dns.TxtLookup;

/**
 * Evaluates DMARC (RFC 7489) for one received message: finds the From domain's policy, checks whether SPF or
 * DKIM authenticated an aligned identifier, and applies pct sampling to decide the disposition. Pure logic: the
 * authentication results come in, DNS goes through {@link TxtLookup}, and nothing is thrown for bad DNS data.
 * Thread-safe when the lookup and the percent roll are.
 */
public final class DmarcEvaluator {

    private final PolicyDiscovery discovery;
    private final OrganizationalDomain orgs;
    private final Alignment alignment;
    private final IntSupplier percentRoll;

    /**
     * @param percentRoll gives a number in 0..99 for each failing message under a {@code pct} below 100; the
     *                    policy applies when it is below pct. A parameter so that tests can fix the draw.
     */
    public DmarcEvaluator(TxtLookup dns, OrganizationalDomain orgs, IntSupplier percentRoll) {
        this.discovery = new PolicyDiscovery(Objects.requireNonNull(dns, "dns"));
        this.orgs = Objects.requireNonNull(orgs, "orgs");
        this.alignment = new Alignment(orgs);
        this.percentRoll = Objects.requireNonNull(percentRoll, "percentRoll");
    }

    /** An evaluator that samples pct with {@link ThreadLocalRandom}. */
    public DmarcEvaluator(TxtLookup dns, OrganizationalDomain orgs) {
        this(dns, orgs, () -> ThreadLocalRandom.current().nextInt(100));
    }

    /** The verdict for {@code in}; never throws for a bad From domain or bad DNS data. */
    public DmarcVerdict evaluate(DmarcInput in) {
        String raw = in.fromDomain();
        if (raw == null || raw.isBlank()) {
            return none(raw, "no From domain");
        }
        String from;
        String fromOrg;
        try {
            from = orgs.normalize(raw);
            fromOrg = orgs.of(from);
        } catch (IllegalArgumentException e) {
            return none(raw, "From domain is not a valid domain name");
        }

        return switch (discovery.discover(from, fromOrg)) {
            case PolicyDiscovery.Absent a -> none(from, "no DMARC record");
            case PolicyDiscovery.Several s -> none(from, "several DMARC records at _dmarc." + s.domain());
            case PolicyDiscovery.TempError t -> new DmarcVerdict(DmarcResult.TEMPERROR, from, t.domain(), null,
                    Policy.NONE, "DNS lookup of _dmarc." + t.domain() + " failed: " + t.detail());
            case PolicyDiscovery.Found f -> DmarcRecord.parse(f.text())
                    .map(rec -> apply(in, from, fromOrg, f.domain(), rec))
                    .orElseGet(() -> new DmarcVerdict(DmarcResult.PERMERROR, from, f.domain(), null, Policy.NONE,
                            "unusable DMARC record at _dmarc." + f.domain()));
        };
    }

    private DmarcVerdict apply(DmarcInput in, String from, String fromOrg, String policyDomain, DmarcRecord rec) {
        Policy requested = rec.policyFor(!policyDomain.equals(from));

        Optional<String> dkim = alignment.firstAligned(in.dkimDomains(), from, fromOrg, rec.strictDkim());
        if (dkim.isPresent()) {
            return new DmarcVerdict(DmarcResult.PASS, from, policyDomain, requested, Policy.NONE,
                    "DKIM d=" + dkim.get() + " aligned");
        }
        List<String> spf = in.spfDomain() == null ? List.of() : List.of(in.spfDomain());
        Optional<String> spfAligned = alignment.firstAligned(spf, from, fromOrg, rec.strictSpf());
        if (spfAligned.isPresent()) {
            return new DmarcVerdict(DmarcResult.PASS, from, policyDomain, requested, Policy.NONE,
                    "SPF " + spfAligned.get() + " aligned");
        }

        String reason = "no aligned DKIM or SPF identifier; p=" + requested.token();
        Policy disposition = requested;
        if (rec.percent() < 100 && requested != Policy.NONE && percentRoll.getAsInt() >= rec.percent()) {
            disposition = requested.weaker();
            reason += ", sampled out by pct=" + rec.percent() + ", applying " + disposition.token();
        }
        return new DmarcVerdict(DmarcResult.FAIL, from, policyDomain, requested, disposition, reason);
    }

    private static DmarcVerdict none(String from, String reason) {
        return new DmarcVerdict(DmarcResult.NONE, from, null, null, Policy.NONE, reason);
    }
}
