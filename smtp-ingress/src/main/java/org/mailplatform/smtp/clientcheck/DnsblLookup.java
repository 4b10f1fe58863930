package org.mailplatform.smtp.clientcheck;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Asks every configured DNS block list about a client at once (RFC 5782: an A record under the
 * reversed address means listed). A list that does not answer in time or fails counts as not
 * listing the client, as in Postfix: a broken block list must not stop all mail.
 * Counts {@code mail.smtp.dnsbl.lookups} per zone and outcome (listed, clean, error).
 */
final class DnsblLookup {

    /** The lists' verdict: the first configured zone listing the client (or null), and whether any list failed. */
    record Verdict(String listedIn, boolean error) {
    }

    private enum Outcome { LISTED, CLEAN, ERROR }

    private final DnsQuery dns;
    private final List<DnsblSite> sites;
    private final MeterRegistry meters;

    DnsblLookup(DnsQuery dns, List<DnsblSite> sites, MeterRegistry meters) {
        this.dns = dns;
        this.sites = List.copyOf(sites);
        this.meters = meters;
    }

    CompletableFuture<Verdict> check(InetAddress client) {
        List<CompletableFuture<Outcome>> outcomes = sites.stream().map(site -> ask(site, client)).toList();
        return CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).thenApply(done -> {
            String listedIn = null;
            boolean error = false;
            // configuration order decides which zone is named, as Postfix checks its restrictions in order
            for (int i = 0; i < sites.size(); i++) {
                Outcome outcome = outcomes.get(i).join();
                error |= outcome == Outcome.ERROR;
                if (outcome == Outcome.LISTED && listedIn == null) {
                    listedIn = sites.get(i).zone();
                }
            }
            return new Verdict(listedIn, error);
        });
    }

    private CompletableFuture<Outcome> ask(DnsblSite site, InetAddress client) {
        return dns.ask(QueryNames.dnsbl(client, site.name()), Type.A).thenApply(answer -> {
            Outcome outcome = switch (answer) {
                case DnsQuery.Answer.Records r -> r.records().stream().anyMatch(a -> counts(site, a)) ? Outcome.LISTED : Outcome.CLEAN;
                case DnsQuery.Answer.Nothing n -> Outcome.CLEAN;
                case DnsQuery.Answer.Failed f -> Outcome.ERROR;
            };
            Counter.builder("mail.smtp.dnsbl.lookups").tags("zone", site.zone(), "outcome", outcome.name().toLowerCase(Locale.ROOT))
                    .register(meters).increment();
            return outcome;
        });
    }

    private static boolean counts(DnsblSite site, Record record) {
        return record instanceof ARecord a && site.counts(a.getAddress());
    }
}
