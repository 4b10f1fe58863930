package org.mailplatform.directory.client;

import java.net.ConnectException;
import java.net.InetAddress;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;

import org.mailplatform.directory.client.wire.AuthenticateRequest;
import org.mailplatform.directory.client.wire.AuthenticateResponse;
import org.mailplatform.directory.client.wire.DirectoryApi;
import org.mailplatform.directory.client.wire.DkimKeyRequest;
import org.mailplatform.directory.client.wire.DkimKeyResponse;
import org.mailplatform.directory.client.wire.QuotaRequest;
import org.mailplatform.directory.client.wire.QuotaResponse;
import org.mailplatform.directory.client.wire.ResolveRequest;
import org.mailplatform.directory.client.wire.ResolveResponse;
import org.mailplatform.directory.client.wire.SubmissionRequest;
import org.mailplatform.directory.client.wire.SubmissionResponse;
import org.mailplatform.model.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

/**
 * {@link Directory} over auth-service's internal HTTP API. Every call runs through, from the
 * outside in: retry (resolve only), circuit breaker, bulkhead, time limit. Whatever goes wrong
 * ends as an {@code Unavailable} outcome, never as an exception. Resolutions, quotas and DKIM keys
 * are cached briefly ({@link ResolutionCache}); authentications and submission reservations never are.
 *
 * <p>Calls block the calling thread: call from a virtual thread or a bounded executor, never from
 * a Netty event loop.
 */
public final class HttpDirectory implements Directory, DirectoryQuotas, DkimKeys, SubmissionLimits, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpDirectory.class);

    private final DirectoryTransport transport;
    private final DirectoryResilience resilience;
    private final ResolutionCache cache;
    private final Cache<String, QuotaResult> quotas;
    private final Cache<String, DkimKeyResult> dkimKeys;
    private final MeterRegistry meters;

    public HttpDirectory(DirectoryClientSettings settings, MeterRegistry meters) {
        this.transport = new DirectoryTransport(settings);
        this.resilience = new DirectoryResilience(settings, meters);
        this.cache = new ResolutionCache(settings, meters);
        this.quotas = Caffeine.newBuilder().maximumSize(settings.cacheMaxSize()).expireAfterWrite(settings.cacheTtl())
                .recordStats().build();
        CaffeineCacheMetrics.monitor(meters, quotas, "directory.quota");
        this.dkimKeys = Caffeine.newBuilder().maximumSize(settings.cacheMaxSize()).expireAfterWrite(settings.cacheTtl())
                .recordStats().build();
        CaffeineCacheMetrics.monitor(meters, dkimKeys, "directory.dkim");
        this.meters = meters;
    }

    @Override
    public AuthResult authenticate(String login, String secret, Protocol protocol, InetAddress client) {
        Timer.Sample sample = Timer.start(meters);
        AuthenticateRequest request = new AuthenticateRequest(login, secret, protocol,
                client == null ? null : client.getHostAddress());
        AuthResult result;
        try {
            result = resilience.authenticate(() -> transport.post(DirectoryApi.AUTHENTICATE_PATH, request,
                    AuthenticateResponse.class, resilience.authenticateTimeout())).toResult();
        } catch (Exception e) {
            result = new AuthResult.Unavailable(describe(e));
            LOG.warn("directory authenticate failed: {}", result);
        }
        sample.stop(timer("authenticate", switch (result) {
            case AuthResult.Authenticated a -> "authenticated";
            case AuthResult.Rejected r -> "rejected";
            case AuthResult.Unavailable u -> "unavailable";
        }));
        return result;
    }

    @Override
    public Resolution resolve(String recipientAddress) {
        Resolution cached = cache.get(recipientAddress);
        if (cached != null) {
            return cached;
        }
        Timer.Sample sample = Timer.start(meters);
        Resolution result;
        try {
            result = resilience.resolve(() -> transport.post(DirectoryApi.RESOLVE_PATH,
                    new ResolveRequest(recipientAddress), ResolveResponse.class, resilience.resolveTimeout()))
                    .toResolution();
        } catch (Exception e) {
            result = new Resolution.Unavailable(describe(e));
            LOG.warn("directory resolve failed: {}", result);
        }
        cache.put(recipientAddress, result);
        sample.stop(timer("resolve", result.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1_$2")
                .toLowerCase(Locale.ROOT)));
        return result;
    }

    /** Read-only like resolve, so retried like it; cached for the positive cache lifetime. */
    @Override
    public QuotaResult quotaOf(Principal principal) {
        QuotaResult cached = quotas.getIfPresent(principal.userId());
        if (cached != null) {
            return cached;
        }
        Timer.Sample sample = Timer.start(meters);
        QuotaResult result;
        try {
            result = resilience.resolve(() -> transport.post(DirectoryApi.QUOTA_PATH,
                    new QuotaRequest(principal.userId()), QuotaResponse.class, resilience.resolveTimeout())).toResult();
        } catch (Exception e) {
            result = new QuotaResult.Unavailable(describe(e));
            LOG.warn("directory quota lookup failed: {}", result);
        }
        if (!(result instanceof QuotaResult.Unavailable)) {
            quotas.put(principal.userId(), result);
        }
        sample.stop(timer("quota", switch (result) {
            case QuotaResult.Limits l -> "found";
            case QuotaResult.UnknownUser u -> "unknown_user";
            case QuotaResult.Unavailable u -> "unavailable";
        }));
        return result;
    }

    /**
     * Read-only like resolve, so retried like it. Keys and "no key" are cached for the positive
     * cache lifetime, so an activation or removal in the directory reaches the signer within it.
     * A key of an algorithm this client does not know is left out (logged once per lookup, so once
     * per cache lifetime), never a failure: see {@link DkimKeyResponse#toResult()}.
     */
    @Override
    public DkimKeyResult signingKeys(String domain) {
        String key = domain == null ? "" : domain.strip().toLowerCase(Locale.ROOT);
        DkimKeyResult cached = dkimKeys.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        Timer.Sample sample = Timer.start(meters);
        DkimKeyResult result;
        try {
            result = resilience.resolve(() -> transport.post(DirectoryApi.DKIM_PATH, new DkimKeyRequest(domain),
                    DkimKeyResponse.class, resilience.resolveTimeout())).toResult();
        } catch (Exception e) {
            result = new DkimKeyResult.Unavailable(describe(e));
        }
        if (result instanceof DkimKeyResult.Unavailable) {
            LOG.warn("directory DKIM key lookup of {} failed: {}", domain, result);
        } else {
            dkimKeys.put(key, result);
        }
        sample.stop(timer("dkim", switch (result) {
            case DkimKeyResult.SigningKeys k -> "found";
            case DkimKeyResult.NoKey n -> "none";
            case DkimKeyResult.Unavailable u -> "unavailable";
        }));
        return result;
    }

    /**
     * Never cached: every call counts a message on the server. Through the breaker, bulkhead and
     * the resolve time limit like the other calls, but retried only when the request was never sent
     * (see {@link ResiliencePolicies#submissionRetry}), so a lost answer cannot count twice.
     */
    @Override
    public SubmissionAllowance reserveSubmission(Principal principal) {
        Timer.Sample sample = Timer.start(meters);
        SubmissionAllowance result;
        try {
            result = resilience.reserve(() -> transport.post(DirectoryApi.SUBMISSIONS_PATH,
                    new SubmissionRequest(principal.tenantId(), principal.userId()), SubmissionResponse.class,
                    resilience.resolveTimeout())).toAllowance();
        } catch (Exception e) {
            result = new SubmissionAllowance.Unknown(describe(e));
        }
        if (result instanceof SubmissionAllowance.Unknown) {
            LOG.warn("directory submission reservation for user {} failed: {}", principal.userId(), result);
        }
        sample.stop(timer("submission", switch (result) {
            case SubmissionAllowance.Allowed a -> "allowed";
            case SubmissionAllowance.Limited l -> "limited";
            case SubmissionAllowance.Unknown u -> "unavailable";
        }));
        return result;
    }

    private Timer timer(String operation, String outcome) {
        return Timer.builder("mail.directory.calls").description("calls of the directory (cache hits excluded)")
                .tag("operation", operation).tag("outcome", outcome).register(meters);
    }

    static String describe(Throwable e) {
        return switch (e) {
            case CallNotPermittedException c -> "directory circuit open";
            case BulkheadFullException b -> "directory overloaded: too many calls in flight";
            case TimeoutException t -> "directory timed out";
            case ConnectException c -> "directory unreachable: " + (c.getMessage() == null ? "connection refused"
                    : c.getMessage());
            case DirectoryCallException d -> d.getMessage();
            default -> "directory call failed: " + e;
        };
    }

    @Override
    public void close() {
        transport.close();
    }

    /** The resilience decorators, shared by both operations except retry and time limit. */
    static final class DirectoryResilience {
        private final CircuitBreaker breaker;
        private final Bulkhead bulkhead;
        private final Retry resolveRetry;
        private final Retry submissionRetry;
        private final TimeLimiter authenticateLimiter;
        private final TimeLimiter resolveLimiter;

        DirectoryResilience(DirectoryClientSettings settings, MeterRegistry meters) {
            ResiliencePolicies policies = new ResiliencePolicies(settings, meters);
            this.breaker = policies.breaker();
            this.bulkhead = policies.bulkhead();
            this.resolveRetry = policies.resolveRetry();
            this.submissionRetry = policies.submissionRetry();
            this.authenticateLimiter = policies.timeLimiter("directory-authenticate", settings.authenticateTimeout());
            this.resolveLimiter = policies.timeLimiter("directory-resolve", settings.resolveTimeout());
        }

        TimeLimiter authenticateTimeout() {
            return authenticateLimiter;
        }

        TimeLimiter resolveTimeout() {
            return resolveLimiter;
        }

        <T> T authenticate(Callable<T> call) throws Exception {
            return CircuitBreaker.decorateCallable(breaker, Bulkhead.decorateCallable(bulkhead, call)).call();
        }

        <T> T resolve(Callable<T> call) throws Exception {
            return Retry.decorateCallable(resolveRetry,
                    CircuitBreaker.decorateCallable(breaker, Bulkhead.decorateCallable(bulkhead, call))).call();
        }

        <T> T reserve(Callable<T> call) throws Exception {
            return Retry.decorateCallable(submissionRetry,
                    CircuitBreaker.decorateCallable(breaker, Bulkhead.decorateCallable(bulkhead, call))).call();
        }

        CircuitBreaker breaker() {
            return breaker;
        }
    }
}
