package org.mailplatform.directory.client;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link HttpDirectory} talks to auth-service and protects its caller when auth-service is
 * slow or down. Build with {@link #builder(URI, String)}; every value has a default fit for a
 * protocol server.
 *
 * @param baseUrl             auth-service's base URL, e.g. {@code http://auth-service:8081}
 * @param serviceToken        shared secret sent in {@code X-Mail-Service-Token}
 * @param connectTimeout      TCP connect timeout (default 1s)
 * @param authenticateTimeout whole-call limit for authenticate (default 5s: auth-service delays
 *                            failed logins by up to 2s on purpose)
 * @param resolveTimeout      whole-call limit for one resolve attempt (default 2s)
 * @param resolveAttempts     tries of a resolve, first included, on I/O errors, timeouts and 5xx
 *                            (default 3; authenticate is never retried)
 * @param retryWait           pause between resolve tries (default 100ms)
 * @param breakerFailureRate  percentage of failed calls that opens the circuit (default 50)
 * @param breakerWindow       calls the failure rate is computed over (default 20)
 * @param breakerMinimumCalls calls needed before the rate counts (default 10)
 * @param breakerOpenDuration how long an open circuit refuses calls before probing (default 10s)
 * @param maxConcurrentCalls  calls in flight at most, beyond which callers get Unavailable
 *                            (default 100)
 * @param maxWaitForCall      how long a caller waits for a free slot (default 100ms)
 * @param cacheTtl            lifetime of a cached local user or alias expansion (default 30s)
 * @param negativeCacheTtl    lifetime of a cached "unknown user" / "not a local domain" (default
 *                            10s)
 * @param cacheMaxSize        resolutions cached at most (default 10000)
 */
public record DirectoryClientSettings(URI baseUrl, String serviceToken, Duration connectTimeout,
        Duration authenticateTimeout, Duration resolveTimeout, int resolveAttempts, Duration retryWait,
        float breakerFailureRate, int breakerWindow, int breakerMinimumCalls, Duration breakerOpenDuration,
        int maxConcurrentCalls, Duration maxWaitForCall, Duration cacheTtl, Duration negativeCacheTtl,
        long cacheMaxSize) {

    public DirectoryClientSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(serviceToken, "serviceToken");
        if (resolveAttempts < 1 || breakerWindow < 1 || breakerMinimumCalls < 1 || maxConcurrentCalls < 1) {
            throw new IllegalArgumentException("attempts, breaker window, minimum calls and concurrency must be >= 1");
        }
    }

    public static Builder builder(URI baseUrl, String serviceToken) {
        return new Builder(baseUrl, serviceToken);
    }

    /** Defaults, overridable one by one. */
    public static final class Builder {
        private final URI baseUrl;
        private final String serviceToken;
        private Duration connectTimeout = Duration.ofSeconds(1);
        private Duration authenticateTimeout = Duration.ofSeconds(5);
        private Duration resolveTimeout = Duration.ofSeconds(2);
        private int resolveAttempts = 3;
        private Duration retryWait = Duration.ofMillis(100);
        private float breakerFailureRate = 50;
        private int breakerWindow = 20;
        private int breakerMinimumCalls = 10;
        private Duration breakerOpenDuration = Duration.ofSeconds(10);
        private int maxConcurrentCalls = 100;
        private Duration maxWaitForCall = Duration.ofMillis(100);
        private Duration cacheTtl = Duration.ofSeconds(30);
        private Duration negativeCacheTtl = Duration.ofSeconds(10);
        private long cacheMaxSize = 10_000;

        private Builder(URI baseUrl, String serviceToken) {
            this.baseUrl = baseUrl;
            this.serviceToken = serviceToken;
        }

        public Builder connectTimeout(Duration value) {
            connectTimeout = value;
            return this;
        }

        public Builder authenticateTimeout(Duration value) {
            authenticateTimeout = value;
            return this;
        }

        public Builder resolveTimeout(Duration value) {
            resolveTimeout = value;
            return this;
        }

        public Builder resolveAttempts(int value) {
            resolveAttempts = value;
            return this;
        }

        public Builder retryWait(Duration value) {
            retryWait = value;
            return this;
        }

        public Builder breaker(float failureRate, int window, int minimumCalls, Duration openDuration) {
            breakerFailureRate = failureRate;
            breakerWindow = window;
            breakerMinimumCalls = minimumCalls;
            breakerOpenDuration = openDuration;
            return this;
        }

        public Builder bulkhead(int maxConcurrent, Duration maxWait) {
            maxConcurrentCalls = maxConcurrent;
            maxWaitForCall = maxWait;
            return this;
        }

        public Builder cache(Duration ttl, Duration negativeTtl, long maxSize) {
            cacheTtl = ttl;
            negativeCacheTtl = negativeTtl;
            cacheMaxSize = maxSize;
            return this;
        }

        public DirectoryClientSettings build() {
            return new DirectoryClientSettings(baseUrl, serviceToken, connectTimeout, authenticateTimeout,
                    resolveTimeout, resolveAttempts, retryWait, breakerFailureRate, breakerWindow, breakerMinimumCalls,
                    breakerOpenDuration, maxConcurrentCalls, maxWaitForCall, cacheTtl, negativeCacheTtl, cacheMaxSize);
        }
    }
}
