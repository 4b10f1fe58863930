package org.mailplatform.smtp.spf;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

import org.apache.james.jspf.core.DNSRequest;
import org.apache.james.jspf.core.DNSService;
import org.apache.james.jspf.core.exceptions.TimeoutException;
import org.apache.james.jspf.impl.DNSServiceXBillImpl;
import org.mailplatform.smtp.clientcheck.DnsQuery;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * jSPF's DNS over the client checks' dnsjava resolver. jSPF's own {@code DNSServiceXBillImpl}
 * does not fit: its asynchronous lookups ignore the resolver it is given (they use dnsjava's
 * default one), its synchronous ones go through dnsjava's JVM-wide {@code Lookup} cache, and its
 * list of local names resolves this host's name. Questions go through the client checks' {@link DnsQuery}
 * (the same lookup and NXDOMAIN/NODATA handling); here every question waits at most
 * {@code dns-timeout}, and never beyond the deadline of the evaluation it belongs to
 * ({@link #DEADLINE}), so an evaluation ends within {@code mail.smtp.spf.timeout} however many
 * queries its record makes. No answer in time, or SERVFAIL, is jSPF's {@link TimeoutException}
 * (temperror); NXDOMAIN and an empty answer are "no records" ({@code null}, as jSPF expects).
 */
final class SpfDns implements DNSService {

    /**
     * The {@link System#nanoTime()} by which the evaluation running on this thread must end (jSPF's
     * synchronous executor asks every question on the thread that called it).
     */
    static final ThreadLocal<Long> DEADLINE = new ThreadLocal<>();

    private final DnsQuery dns;
    private final Duration timeout;
    private final List<String> localNames;
    private volatile int recordLimit = 10;

    /**
     * @param receiver this host's name, the {@code %{r}} macro (RFC 7208 7.3): from the settings,
     *                 not from a reverse lookup of this host
     */
    SpfDns(Resolver resolver, Duration timeout, String receiver) {
        this.dns = new DnsQuery(resolver, timeout);
        this.timeout = timeout;
        this.localNames = List.of(receiver);
    }

    @Override
    public List<String> getRecords(DNSRequest request) throws TimeoutException {
        Long deadline = DEADLINE.get();
        long wait = deadline == null ? timeout.toNanos() : Math.min(timeout.toNanos(), deadline - System.nanoTime());
        if (wait <= 0) {
            throw new TimeoutException("SPF evaluation out of time before asking " + request.getHostname());
        }
        Name name;
        try {
            name = Name.fromString(request.getHostname(), Name.root);
        } catch (TextParseException e) {
            // a name no DNS server could hold (macro expansion of client data): nothing there
            return null;
        }
        // join() on a virtual thread of the session's blocking work; the query ends within wait
        return switch (dns.ask(name, type(request), Duration.ofNanos(wait)).join()) {
            case DnsQuery.Answer.Records r -> DNSServiceXBillImpl.convertRecordsToList(r.records().toArray(Record[]::new));
            case DnsQuery.Answer.Nothing n -> null;
            case DnsQuery.Answer.Failed f -> throw new TimeoutException(f.reason() + " asking " + request.getHostname());
        };
    }

    /** Only jSPF's asynchronous executor asks this; {@link SpfChecker} runs its synchronous one. */
    @Override
    public CompletionStage<List<String>> getRecordsAsync(DNSRequest request) {
        throw new UnsupportedOperationException("SPF is evaluated with jSPF's synchronous executor");
    }

    private static int type(DNSRequest request) {
        return switch (request.getRecordType()) {
            case DNSRequest.A -> Type.A;
            case DNSRequest.AAAA -> Type.AAAA;
            case DNSRequest.MX -> Type.MX;
            case DNSRequest.PTR -> Type.PTR;
            case DNSRequest.TXT -> Type.TXT;
            case DNSRequest.SPF -> Type.SPF;
            default -> throw new IllegalArgumentException("DNS record type " + request.getRecordType());
        };
    }

    @Override
    public List<String> getLocalDomainNames() {
        return localNames;
    }

    /** jSPF's per-call timeout is ignored: {@code client-checks.dns-timeout} and the evaluation's deadline bound each question. */
    @Override
    public void setTimeOut(int timeOut) {
    }

    @Override
    public int getRecordLimit() {
        return recordLimit;
    }

    @Override
    public void setRecordLimit(int recordLimit) {
        this.recordLimit = recordLimit;
    }
}
