package org.mailplatform.smtp.clientcheck;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Asks every configured DNS block list about a client at once (RFC 5782: an A record under the
 * reversed address means listed), or every domain list about a domain (the domain under the zone). A list that does not answer in time or fails counts as not
 * listing the client, as in Postfix: a broken block list must not stop all mail. The listing
 * zone's TXT record at the same name, where lists say why and where to ask for removal, is read
 * for the reply (RFC 5782 2.1), bounded like the other lookups; without it the reply just names
 * the zone. Counts each lookup in its metric ({@code mail.smtp.dnsbl.lookups},
 * {@code mail.smtp.rhsbl.lookups}) per zone and outcome (listed, clean, error), with the tags the
 * caller adds (the domain lists': which name was asked about).
 */
final class DnsblLookup {

    /**
     * The lists' verdict: the first configured zone listing the client (or null), its TXT text
     * made safe for a reply line (or null), and whether any list failed.
     */
    record Verdict(String listedIn, String reason, boolean error) {
    }

    /** Longest TXT text given in a reply: a reply line must stay well under 512 octets (RFC 5321 4.5.3.1.5). */
    static final int MAX_REASON = 200;

    private enum Outcome { LISTED, CLEAN, ERROR }

    private final DnsQuery dns;
    private final List<DnsblSite> sites;
    private final String metric;
    private final Tags tags;
    private final MeterRegistry meters;

    DnsblLookup(DnsQuery dns, List<DnsblSite> sites, MeterRegistry meters) {
        this(dns, sites, "mail.smtp.dnsbl.lookups", Tags.empty(), meters);
    }

    DnsblLookup(DnsQuery dns, List<DnsblSite> sites, String metric, Tags tags, MeterRegistry meters) {
        this.dns = dns;
        this.sites = List.copyOf(sites);
        this.metric = metric;
        this.tags = tags;
        this.meters = meters;
    }

    boolean configured() {
        return !sites.isEmpty();
    }

    CompletableFuture<Verdict> check(InetAddress client) {
        return check(zone -> QueryNames.dnsbl(client, zone));
    }

    /** The domain lists' verdict about {@code domain}; a zone that cannot hold it is not asked (clean). */
    CompletableFuture<Verdict> checkDomain(String domain) {
        return check(zone -> QueryNames.rhsbl(domain, zone));
    }

    /** @param queryName the name asked in a zone ({@code null}: this zone cannot hold it, clean) */
    private CompletableFuture<Verdict> check(Function<Name, Name> queryName) {
        List<CompletableFuture<Outcome>> outcomes = sites.stream().map(site -> ask(site, queryName.apply(site.name())))
                .toList();
        return CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).thenCompose(done -> {
            DnsblSite listing = null;
            boolean error = false;
            // configuration order decides which zone is named, as Postfix checks its restrictions in order
            for (int i = 0; i < sites.size(); i++) {
                Outcome outcome = outcomes.get(i).join();
                error |= outcome == Outcome.ERROR;
                if (outcome == Outcome.LISTED && listing == null) {
                    listing = sites.get(i);
                }
            }
            if (listing == null) {
                return CompletableFuture.completedFuture(new Verdict(null, null, error));
            }
            boolean anyError = error;
            String zone = listing.zone();
            return dns.ask(queryName.apply(listing.name()), Type.TXT)
                    .thenApply(answer -> new Verdict(zone, reason(answer), anyError));
        });
    }

    /** The TXT strings joined, kept to printable ASCII with single spaces, at most {@link #MAX_REASON}. */
    static String reason(DnsQuery.Answer answer) {
        List<String> texts = DnsQuery.txtStrings(answer);
        if (texts.isEmpty()) {
            return null;
        }
        String safe = texts.getFirst().replaceAll("[^\\x21-\\x7e]+", " ").strip();
        if (safe.length() > MAX_REASON) {
            safe = safe.substring(0, MAX_REASON);
        }
        return safe.isEmpty() ? null : safe;
    }

    private CompletableFuture<Outcome> ask(DnsblSite site, Name query) {
        if (query == null) {
            return CompletableFuture.completedFuture(Outcome.CLEAN);
        }
        return dns.ask(query, Type.A).thenApply(answer -> {
            Outcome outcome = switch (answer) {
                case DnsQuery.Answer.Records r -> r.records().stream().anyMatch(a -> counts(site, a)) ? Outcome.LISTED : Outcome.CLEAN;
                case DnsQuery.Answer.Nothing n -> Outcome.CLEAN;
                case DnsQuery.Answer.Failed f -> Outcome.ERROR;
            };
            Counter.builder(metric).tags(tags).tags("zone", site.zone(), "outcome", outcome.name().toLowerCase(Locale.ROOT))
                    .register(meters).increment();
            return outcome;
        });
    }

    private static boolean counts(DnsblSite site, Record record) {
        return record instanceof ARecord a && site.counts(a.getAddress());
    }
}
