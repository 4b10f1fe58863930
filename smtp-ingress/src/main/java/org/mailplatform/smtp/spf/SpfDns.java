package org.mailplatform.smtp.spf;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.james.jspf.core.DNSRequest;
import org.apache.james.jspf.core.DNSService;
import org.apache.james.jspf.core.exceptions.TimeoutException;
import org.apache.james.jspf.impl.DNSServiceXBillImpl;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.lookup.LookupSession;
import org.xbill.DNS.lookup.NoSuchDomainException;
import org.xbill.DNS.lookup.NoSuchRRSetException;

/**
 * jSPF's DNS over the client checks' dnsjava resolver. jSPF's own {@code DNSServiceXBillImpl}
 * does not fit: its asynchronous lookups ignore the resolver it is given (they use dnsjava's
 * default one), its synchronous ones go through dnsjava's JVM-wide {@code Lookup} cache, and its
 * list of local names resolves this host's name. Here every question waits at most
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

    private final LookupSession session;
    private final Duration timeout;
    private final List<String> localNames;
    private volatile int recordLimit = 10;

    /**
     * @param receiver this host's name, the {@code %{r}} macro (RFC 7208 7.3): from the settings,
     *                 not from a reverse lookup of this host
     */
    SpfDns(Resolver resolver, Duration timeout, String receiver) {
        // no cache here: the recursive resolver the node asks caches, and it honours the TTLs
        this.session = LookupSession.builder().resolver(resolver).clearCaches().build();
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
        try {
            return ask(request).get(wait, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimeoutException("interrupted asking " + request.getHostname());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new TimeoutException("no answer in time for " + request.getHostname());
        } catch (ExecutionException e) {
            throw failure(request, e.getCause());
        }
    }

    /** Only jSPF's asynchronous executor asks this; {@link SpfChecker} runs its synchronous one. */
    @Override
    public CompletionStage<List<String>> getRecordsAsync(DNSRequest request) {
        throw new UnsupportedOperationException("SPF is evaluated with jSPF's synchronous executor");
    }

    /** The answer as jSPF's strings ({@code null}: no records); fails with the lookup's own exception. */
    private CompletableFuture<List<String>> ask(DNSRequest request) {
        Name name;
        try {
            name = Name.fromString(request.getHostname(), Name.root);
        } catch (TextParseException e) {
            // a name no DNS server could hold (macro expansion of client data): nothing there
            return CompletableFuture.completedFuture(null);
        }
        return session.lookupAsync(name, type(request)).toCompletableFuture()
                .thenApply(result -> DNSServiceXBillImpl.convertRecordsToList(result.getRecords().toArray(Record[]::new)))
                .exceptionallyCompose(e -> {
                    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                    return cause instanceof NoSuchDomainException || cause instanceof NoSuchRRSetException
                            ? CompletableFuture.completedFuture(null) : CompletableFuture.failedFuture(cause);
                });
    }

    private static TimeoutException failure(DNSRequest request, Throwable cause) {
        return new TimeoutException(cause.getClass().getSimpleName() + " asking " + request.getHostname());
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
