package org.mailplatform.smtp.clientcheck;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.MeterRegistry;
import org.mailplatform.smtp.config.SmtpProperties;
import org.xbill.DNS.Resolver;

/**
 * Asks the domain block lists ({@code rhsbl-sender-sites}, as Postfix's
 * {@code reject_rhsbl_sender}: Spamhaus DBL, SURBL) about the domain of each MAIL FROM on the MX
 * listener, without a thread waiting, so the session awaits the answer only at RCPT. The null
 * sender, an address literal and clients in the exempt networks are not looked up. Results are
 * cached per domain as the client checks' are ({@code cache-ttl}, {@code cache-size}; a result with
 * a failed lookup is not kept; {@code cache=smtp.sender-checks}).
 */
public final class SenderChecker {

    private final Networks exempt;
    private final DnsblLookup lists;
    private final CompleteResults<String, SenderReport> cache;

    /**
     * @throws IllegalArgumentException for a malformed site or exempt network, naming it
     */
    public SenderChecker(SmtpProperties.ClientChecks settings, Resolver resolver, MeterRegistry meters) {
        List<DnsblSite> sites = settings.rhsblSenderSites().stream()
                .map(entry -> DnsblSite.parse(entry, "mail.smtp.client-checks.rhsbl-sender-sites")).toList();
        this.exempt = Networks.parse(settings.exemptNetworks());
        this.lists = new DnsblLookup(new DnsQuery(resolver, settings.dnsTimeout()), sites, "mail.smtp.rhsbl.lookups",
                meters);
        this.cache = new CompleteResults<>("smtp.sender-checks", settings.cacheTtl(), settings.cacheSize(), meters);
    }

    /**
     * The lists' report on the domain of {@code sender} (a MAIL FROM path without brackets), or
     * {@code null} when nothing is asked: no lists configured, the null sender, no domain, an
     * exempt client. Completes, never exceptionally, within twice the DNS timeout at most.
     */
    public CompletableFuture<SenderReport> check(InetAddress client, String sender) {
        int at = sender == null ? -1 : sender.lastIndexOf('@');
        if (!lists.configured() || at < 0 || at == sender.length() - 1 || exempt.contains(client)) {
            return null;
        }
        String domain = sender.substring(at + 1).toLowerCase(Locale.ROOT);
        return cache.get(domain, this::lookUp);
    }

    private CompletableFuture<CompleteResults.Result<SenderReport>> lookUp(String domain) {
        return lists.checkDomain(domain)
                .thenApply(v -> new CompleteResults.Result<>(new SenderReport(domain, v.listedIn(), v.reason()), !v.error()))
                .exceptionally(bug -> new CompleteResults.Result<>(new SenderReport(domain, null, null), false));
    }
}
