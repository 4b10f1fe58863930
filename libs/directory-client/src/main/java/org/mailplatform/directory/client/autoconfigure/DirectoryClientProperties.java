package org.mailplatform.directory.client.autoconfigure;

import java.net.URI;
import java.time.Duration;

import org.mailplatform.directory.client.DirectoryClientSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code mail.directory.*}: where auth-service is and how hard to try. See
 * {@link DirectoryClientSettings} for what each value does.
 *
 * @param enabled             make the client at all (default true; auth-service sets false)
 * @param baseUrl             auth-service base URL, e.g. {@code http://auth-service:8081}
 *                            (required; without it no {@code Directory} bean is made)
 * @param serviceToken        shared service token (must equal auth-service's
 *                            {@code mail.auth.service-token})
 * @param connectTimeout      TCP connect timeout (default 1s)
 * @param authenticateTimeout limit of one authenticate call (default 5s)
 * @param resolveTimeout      limit of one resolve attempt (default 2s)
 * @param resolveAttempts     resolve tries including the first (default 3)
 * @param retryWait           pause between resolve tries (default 100ms)
 * @param breakerFailureRate  failure percentage that opens the circuit (default 50)
 * @param breakerWindow       calls the rate is computed over (default 20)
 * @param breakerMinimumCalls calls before the rate counts (default 10)
 * @param breakerOpenDuration open circuit duration before probing again (default 10s)
 * @param maxConcurrentCalls  calls in flight at most (default 100)
 * @param maxWaitForCall      wait for a free call slot (default 100ms)
 * @param cacheTtl            cache lifetime of users and expansions (default 30s)
 * @param negativeCacheTtl    cache lifetime of unknown users and foreign domains (default 10s)
 * @param cacheMaxSize        cached resolutions at most (default 10000)
 */
@ConfigurationProperties("mail.directory")
public record DirectoryClientProperties(@DefaultValue("true") boolean enabled, URI baseUrl, @DefaultValue("") String serviceToken,
        @DefaultValue("1s") Duration connectTimeout, @DefaultValue("5s") Duration authenticateTimeout,
        @DefaultValue("2s") Duration resolveTimeout, @DefaultValue("3") int resolveAttempts,
        @DefaultValue("100ms") Duration retryWait, @DefaultValue("50") float breakerFailureRate,
        @DefaultValue("20") int breakerWindow, @DefaultValue("10") int breakerMinimumCalls,
        @DefaultValue("10s") Duration breakerOpenDuration, @DefaultValue("100") int maxConcurrentCalls,
        @DefaultValue("100ms") Duration maxWaitForCall, @DefaultValue("30s") Duration cacheTtl,
        @DefaultValue("10s") Duration negativeCacheTtl, @DefaultValue("10000") long cacheMaxSize) {

    public DirectoryClientSettings toSettings() {
        return DirectoryClientSettings.builder(baseUrl, serviceToken).connectTimeout(connectTimeout)
                .authenticateTimeout(authenticateTimeout).resolveTimeout(resolveTimeout)
                .resolveAttempts(resolveAttempts).retryWait(retryWait)
                .breaker(breakerFailureRate, breakerWindow, breakerMinimumCalls, breakerOpenDuration)
                .bulkhead(maxConcurrentCalls, maxWaitForCall).cache(cacheTtl, negativeCacheTtl, cacheMaxSize).build();
    }
}
