package org.mailplatform.gateway.limit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Per-client request rate and request size limits of the gateway.
 *
 * @param rateLimitEnabled  whether requests to {@code /api/**} are rate limited per client
 * @param requestsPerSecond sustained rate a client may send (token bucket refill rate)
 * @param burst             requests a client may send at once above the sustained rate (bucket size)
 * @param maxClients        most clients tracked at once; the least recently seen are forgotten
 * @param clientIdleExpiry  a client's bucket is forgotten after this long without a request
 * @param maxRequestBody    largest request body accepted (by Content-Length, and counted while streaming)
 */
@ConfigurationProperties("mail.gateway.limits")
public record LimitProperties(
        @DefaultValue("true") boolean rateLimitEnabled,
        @DefaultValue("20") double requestsPerSecond,
        @DefaultValue("40") int burst,
        @DefaultValue("100000") long maxClients,
        @DefaultValue("10m") Duration clientIdleExpiry,
        @DefaultValue("10MB") DataSize maxRequestBody) {

    public LimitProperties {
        if (requestsPerSecond <= 0 || burst < 1 || maxClients < 1) {
            throw new IllegalArgumentException("mail.gateway.limits: requests-per-second, burst and max-clients must be positive");
        }
    }
}
