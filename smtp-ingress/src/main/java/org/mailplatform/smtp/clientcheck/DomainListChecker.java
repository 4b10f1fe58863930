package org.mailplatform.smtp.clientcheck;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.mailplatform.smtp.config.SmtpProperties;
import org.xbill.DNS.Resolver;

/**
 * Asks the domain block lists of one {@link RhsblCheck} (Spamhaus DBL, SURBL) about a name on the
 * MX listener: the MAIL FROM domain, the HELO name or the client's verified name, without a thread
 * waiting, so the session awaits the answer only at RCPT. Clients in the exempt networks are not
 * looked up, nor is a name no list can hold (an address literal, a name without a dot, see
 * {@link QueryNames#listableDomain}). Results are cached per name as the client checks' are
 * ({@code cache-ttl}, {@code cache-size}; a result with a failed lookup is not kept), each check in
 * its own cache, since each has its own lists ({@code cache=smtp.sender-checks}, ...).
 */
public final class DomainListChecker {

    private final RhsblCheck check;
    private final Networks exempt;
    private final DnsblLookup lists;
    private final CompleteResults<String, DomainReport> cache;

    /**
     * @throws IllegalArgumentException for a malformed site or exempt network, naming it
     */
    public DomainListChecker(RhsblCheck check, SmtpProperties.ClientChecks settings, Resolver resolver, MeterRegistry meters) {
        List<DnsblSite> sites = check.sites(settings).stream().map(entry -> DnsblSite.parse(entry, check.property())).toList();
        this.check = check;
        this.exempt = Networks.parse(settings.exemptNetworks());
        this.lists = new DnsblLookup(new DnsQuery(resolver, settings.dnsTimeout()), sites, "mail.smtp.rhsbl.lookups",
                Tags.of("checked", check.tag()), meters);
        this.cache = new CompleteResults<>(check.cacheName(), settings.cacheTtl(), settings.cacheSize(), meters);
    }

    /** Whether any list is configured: without one nothing is ever asked. */
    public boolean configured() {
        return lists.configured();
    }

    /**
     * The lists' report on {@code given} (a MAIL FROM path without brackets, a HELO name, a verified
     * client name), or {@code null} when nothing is asked: no lists configured, an exempt client,
     * no name or one no list can hold. Completes, never exceptionally, within twice the DNS
     * timeout at most.
     */
    public CompletableFuture<DomainReport> check(InetAddress client, String given) {
        String domain = QueryNames.listableDomain(check.domain(given));
        if (!lists.configured() || domain == null || exempt.contains(client)) {
            return null;
        }
        return cache.get(domain, this::lookUp);
    }

    private CompletableFuture<CompleteResults.Result<DomainReport>> lookUp(String domain) {
        return lists.checkDomain(domain)
                .thenApply(v -> new CompleteResults.Result<>(new DomainReport(check, domain, v.listedIn(), v.reason()), !v.error()))
                .exceptionally(bug -> new CompleteResults.Result<>(new DomainReport(check, domain, null, null), false));
    }
}
