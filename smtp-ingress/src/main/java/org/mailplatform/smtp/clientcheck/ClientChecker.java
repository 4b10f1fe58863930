package org.mailplatform.smtp.clientcheck;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import org.mailplatform.smtp.config.SmtpProperties;
import org.xbill.DNS.Resolver;

/**
 * Looks a client address up when its connection is accepted: the DNS block lists and its
 * forward-confirmed name, all questions at once and without a thread waiting (dnsjava is
 * asynchronous), so a session can greet the client while DNS works and awaits the report only at
 * its first RCPT (Postfix's {@code smtpd_delay_reject}). Reports are cached per address
 * ({@code cache-ttl}, at most {@code cache-size} addresses; Micrometer's {@code cache.*} meters
 * with {@code cache=smtp.client-checks}); a report with a failed lookup is not kept, so the next
 * connection asks again. Exempt networks are never looked up.
 */
public final class ClientChecker {

    /** A report and whether every lookup behind it answered (only those stay cached). */
    private record Checked(ClientReport report, boolean complete) {
    }

    private final Networks exempt;
    private final DnsblLookup dnsbl;
    private final ClientNameLookup names;
    private final AsyncCache<InetAddress, Checked> cache;

    /**
     * @throws IllegalArgumentException for a malformed DNSBL site or exempt network, naming it
     */
    public ClientChecker(SmtpProperties.ClientChecks settings, Resolver resolver, MeterRegistry meters) {
        List<DnsblSite> sites = settings.dnsblSites().stream().map(DnsblSite::parse).toList();
        this.exempt = Networks.parse(settings.exemptNetworks());
        DnsQuery dns = new DnsQuery(resolver, settings.dnsTimeout());
        this.dnsbl = new DnsblLookup(dns, sites, meters);
        this.names = new ClientNameLookup(dns, meters);
        this.cache = Caffeine.newBuilder().expireAfterWrite(settings.cacheTtl()).maximumSize(settings.cacheSize())
                .recordStats().buildAsync();
        CaffeineCacheMetrics.monitor(meters, cache, "smtp.client-checks");
    }

    /** The client's report; completes (never exceptionally) within twice the DNS timeout at most. */
    public CompletableFuture<ClientReport> check(InetAddress client) {
        if (exempt.contains(client)) {
            return CompletableFuture.completedFuture(ClientReport.EXEMPT);
        }
        CompletableFuture<Checked> checked = cache.get(client, (address, executor) -> lookUp(address));
        return checked.thenApply(c -> {
            if (!c.complete()) {
                cache.asMap().remove(client, checked);
            }
            return c.report();
        });
    }

    private CompletableFuture<Checked> lookUp(InetAddress client) {
        return dnsbl.check(client).thenCombine(names.lookup(client), (verdict, name) -> new Checked(
                new ClientReport(verdict.listedIn(), verdict.reason(), name), !verdict.error() && !(name instanceof ClientName.Failed)))
                .exceptionally(bug -> new Checked(new ClientReport(null, null, new ClientName.Failed(bug.toString())), false));
    }
}
