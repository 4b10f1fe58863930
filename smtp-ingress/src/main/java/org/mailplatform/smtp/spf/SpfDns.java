package org.mailplatform.smtp.spf;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

import org.apache.james.jspf.core.DNSRequest;
import org.apache.james.jspf.core.DNSService;
import org.apache.james.jspf.core.exceptions.PermErrorException;
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
 * <p>
 * Such a "void lookup" is counted per evaluation ({@link #VOID_LOOKUPS}), and the third one ends
 * it as permerror (RFC 7208 4.6.4, which jSPF 1.0.4 does not enforce), so a record of many names
 * that do not exist cannot make this server ask DNS about each of them. jSPF's question for the
 * obsolete SPF record type, asked before TXT for every record it fetches, is not counted: it is
 * no lookup of RFC 7208 (3.1) and would use up the allowance for domains that publish correctly.
 */
final class SpfDns implements DNSService {

    /**
     * The {@link System#nanoTime()} by which the evaluation running on this thread must end (jSPF's
     * synchronous executor asks every question on the thread that called it).
     */
    static final ThreadLocal<Long> DEADLINE = new ThreadLocal<>();

    /** The void lookups of the evaluation running on this thread, set by {@link SpfChecker}; none counted when unset. */
    static final ThreadLocal<int[]> VOID_LOOKUPS = new ThreadLocal<>();

    /** RFC 7208 4.6.4's recommended limit of void lookups; one more is permerror. */
    static final int VOID_LOOKUP_LIMIT = 2;

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
            case DnsQuery.Answer.Nothing n -> {
                countVoidLookup(request);
                yield null;
            }
            case DnsQuery.Answer.Failed f -> throw new TimeoutException(f.reason() + " asking " + request.getHostname());
        };
    }

    private static void countVoidLookup(DNSRequest request) {
        int[] voids = VOID_LOOKUPS.get();
        if (voids != null && request.getRecordType() != DNSRequest.SPF && ++voids[0] > VOID_LOOKUP_LIMIT) {
            throw SpfDns.<RuntimeException>undeclared(new PermErrorException("more than " + VOID_LOOKUP_LIMIT
                    + " void DNS lookups, the last for " + request.getHostname() + " (RFC 7208 4.6.4)"));
        }
    }

    /**
     * Throws {@code e} although getRecords declares only TimeoutException. jSPF's synchronous
     * executor hands whatever getRecords throws (besides TimeoutException, which becomes a DNS
     * answer its checkers turn into temperror) to the evaluation's exception catchers, and those
     * end it with the result of an SPF result exception: permerror here, also from inside an
     * include or redirect. jSPF offers no other way for DNS to end an evaluation as permerror.
     */
    @SuppressWarnings("unchecked")
    private static <E extends Exception> RuntimeException undeclared(Exception e) throws E {
        throw (E) e;
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
