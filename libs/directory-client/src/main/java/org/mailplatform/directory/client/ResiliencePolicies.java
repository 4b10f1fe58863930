package org.mailplatform.directory.client;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedTimeLimiterMetrics;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.github.resilience4j.timelimiter.TimeLimiterRegistry;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Builds the Resilience4j core objects from the settings, programmatically (no Spring starter: the
 * platform runs several services in one JVM in standalone), and binds their metrics
 * ({@code resilience4j.circuitbreaker.state}, {@code resilience4j.bulkhead.available.concurrent.calls},
 * {@code resilience4j.retry.calls}, {@code resilience4j.timelimiter.calls}).
 */
final class ResiliencePolicies {

    static final String NAME = "directory";

    private final DirectoryClientSettings settings;
    private final MeterRegistry meters;

    ResiliencePolicies(DirectoryClientSettings settings, MeterRegistry meters) {
        this.settings = settings;
        this.meters = meters;
    }

    CircuitBreaker breaker() {
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.breakerWindow()).minimumNumberOfCalls(settings.breakerMinimumCalls())
                .failureRateThreshold(settings.breakerFailureRate())
                .waitDurationInOpenState(settings.breakerOpenDuration()).permittedNumberOfCallsInHalfOpenState(2)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .recordExceptions(IOException.class, TimeoutException.class, DirectoryCallException.class)
                .build());
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
        return registry.circuitBreaker(NAME);
    }

    Bulkhead bulkhead() {
        BulkheadRegistry registry = BulkheadRegistry.of(BulkheadConfig.custom()
                .maxConcurrentCalls(settings.maxConcurrentCalls()).maxWaitDuration(settings.maxWaitForCall()).build());
        TaggedBulkheadMetrics.ofBulkheadRegistry(registry).bindTo(meters);
        return registry.bulkhead(NAME);
    }

    Retry resolveRetry() {
        RetryRegistry registry = RetryRegistry.of(RetryConfig.custom().maxAttempts(settings.resolveAttempts())
                .waitDuration(settings.retryWait().isZero() ? Duration.ofMillis(1) : settings.retryWait())
                .retryOnException(ResiliencePolicies::isTransient).build());
        TaggedRetryMetrics.ofRetryRegistry(registry).bindTo(meters);
        return registry.retry(NAME + "-resolve");
    }

    /**
     * A reservation counts a message on the server, so it is not idempotent: retrying after a
     * timeout or a 5xx could count one message twice. Only failures where the request never left
     * this JVM (no connection) are tried again; anything else answers "unknown" at once and the
     * caller falls back to its own limiter for that one message.
     */
    Retry submissionRetry() {
        RetryRegistry registry = RetryRegistry.of(RetryConfig.custom().maxAttempts(settings.resolveAttempts())
                .waitDuration(settings.retryWait().isZero() ? Duration.ofMillis(1) : settings.retryWait())
                .retryOnException(ResiliencePolicies::wasNotSent).build());
        TaggedRetryMetrics.ofRetryRegistry(registry).bindTo(meters);
        return registry.retry(NAME + "-submission");
    }

    static boolean wasNotSent(Throwable e) {
        return e instanceof java.net.ConnectException || e instanceof java.net.http.HttpConnectTimeoutException;
    }

    TimeLimiter timeLimiter(String name, Duration timeout) {
        TimeLimiterRegistry registry = TimeLimiterRegistry
                .of(TimeLimiterConfig.custom().timeoutDuration(timeout).cancelRunningFuture(true).build());
        TaggedTimeLimiterMetrics.ofTimeLimiterRegistry(registry).bindTo(meters);
        return registry.timeLimiter(name);
    }

    /** Worth another try: the network or the server hiccuped. An open circuit or full bulkhead is not. */
    static boolean isTransient(Throwable e) {
        return e instanceof IOException || e instanceof TimeoutException
                || e instanceof DirectoryCallException d && d.isTransient();
    }
}
