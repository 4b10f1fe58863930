package org.mailplatform.smtp.clientcheck;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Type;

/**
 * Forward-confirmed reverse DNS of a client, as Postfix's smtpd finds the client name: the PTR
 * records of the address, then the A (or AAAA) records of each name; the first name whose
 * addresses contain the client's is its verified name. A PTR alone proves nothing: whoever owns
 * the address block writes it. Counts {@code mail.smtp.client.hostname} (verified, unverified, error).
 */
final class ClientNameLookup {

    /** Names from the PTR answer checked at most; a client with more gains nothing by them. */
    static final int MAX_NAMES = 5;

    /**
     * A host name's syntax (RFC 1123 labels): a PTR target may hold any bytes, and one that is
     * not a host name is ignored, as Postfix's valid_hostname does, so it never reaches a header.
     */
    private static final Pattern HOSTNAME = Pattern.compile(
            "(?i)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+\\.?");

    private final DnsQuery dns;
    private final MeterRegistry meters;

    ClientNameLookup(DnsQuery dns, MeterRegistry meters) {
        this.dns = dns;
        this.meters = meters;
    }

    CompletableFuture<ClientName> lookup(InetAddress client) {
        return dns.ask(ReverseMap.fromAddress(client), Type.PTR).thenCompose(answer -> switch (answer) {
            case DnsQuery.Answer.Nothing n -> CompletableFuture.<ClientName>completedFuture(new ClientName.Unverified());
            case DnsQuery.Answer.Failed f -> CompletableFuture.<ClientName>completedFuture(new ClientName.Failed("PTR: " + f.reason()));
            case DnsQuery.Answer.Records r -> confirm(client, r.records().stream().filter(PTRRecord.class::isInstance)
                    .map(p -> ((PTRRecord) p).getTarget()).filter(n -> HOSTNAME.matcher(n.toString()).matches())
                    .distinct().limit(MAX_NAMES).toList());
        }).thenApply(this::count);
    }

    private CompletableFuture<ClientName> confirm(InetAddress client, List<Name> names) {
        int type = client instanceof Inet4Address ? Type.A : Type.AAAA;
        List<CompletableFuture<DnsQuery.Answer>> forward = names.stream().map(n -> dns.ask(n, type)).toList();
        return CompletableFuture.allOf(forward.toArray(CompletableFuture[]::new)).thenApply(done -> {
            String failure = null;
            for (int i = 0; i < names.size(); i++) {
                switch (forward.get(i).join()) {
                    case DnsQuery.Answer.Records r when r.records().stream().anyMatch(a -> pointsTo(a, client)) -> {
                        return new ClientName.Verified(names.get(i).toString(true).toLowerCase(Locale.ROOT));
                    }
                    case DnsQuery.Answer.Failed f -> failure = names.get(i) + ": " + f.reason();
                    default -> {
                    }
                }
            }
            return failure == null ? new ClientName.Unverified() : new ClientName.Failed(failure);
        });
    }

    private static boolean pointsTo(Record record, InetAddress client) {
        return record instanceof ARecord a && a.getAddress().equals(client)
                || record instanceof AAAARecord aaaa && aaaa.getAddress().equals(client);
    }

    private ClientName count(ClientName name) {
        String outcome = switch (name) {
            case ClientName.Verified v -> "verified";
            case ClientName.Failed f -> "error";
            default -> "unverified";
        };
        Counter.builder("mail.smtp.client.hostname").tag("outcome", outcome).register(meters).increment();
        return name;
    }
}
