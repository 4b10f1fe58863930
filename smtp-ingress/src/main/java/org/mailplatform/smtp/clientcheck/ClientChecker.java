package org.mailplatform.smtp.clientcheck;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.MeterRegistry;
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

    private final Networks exempt;
    private final DnsblLookup dnsbl;
    private final ClientNameLookup names;
    private final CompleteResults<InetAddress, ClientReport> cache;

    /**
     * @throws IllegalArgumentException for a malformed DNSBL site or exempt network, naming it
     */
    public ClientChecker(SmtpProperties.ClientChecks settings, Resolver resolver, MeterRegistry meters) {
        List<DnsblSite> sites = settings.dnsblSites().stream().map(DnsblSite::parse).toList();
        this.exempt = Networks.parse(settings.exemptNetworks());
        DnsQuery dns = new DnsQuery(resolver, settings.dnsTimeout());
        this.dnsbl = new DnsblLookup(dns, sites, meters);
        this.names = new ClientNameLookup(dns, meters);
        this.cache = new CompleteResults<>("smtp.client-checks", settings.cacheTtl(), settings.cacheSize(), meters);
    }

    /** The client's report; completes (never exceptionally) within twice the DNS timeout at most. */
    public CompletableFuture<ClientReport> check(InetAddress client) {
        if (exempt.contains(client)) {
            return CompletableFuture.completedFuture(ClientReport.EXEMPT);
        }
        return cache.get(client, this::lookUp);
    }

    private CompletableFuture<CompleteResults.Result<ClientReport>> lookUp(InetAddress client) {
        return dnsbl.check(client).thenCombine(names.lookup(client), (verdict, name) -> new CompleteResults.Result<>(
                new ClientReport(verdict.listedIn(), verdict.reason(), name), !verdict.error() && !(name instanceof ClientName.Failed)))
                .exceptionally(bug -> new CompleteResults.Result<>(
                        new ClientReport(null, null, new ClientName.Failed(bug.toString())), false));
    }
}
