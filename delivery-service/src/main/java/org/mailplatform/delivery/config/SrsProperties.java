package org.mailplatform.delivery.config;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

import org.mailplatform.model.srs.SenderRewriting;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The Sender Rewriting Scheme for forwarded mail ({@code mail.srs.*}, the same keys and values as
 * auth-service, which maps bounces back).
 *
 * @param domain the domain of rewritten senders, whose MX is this platform; empty: SRS off
 * @param secret the HMAC key, at least 16 bytes, the same in auth-service
 * @param maxAge how long a rewritten sender is accepted back (default 21 days)
 */
@ConfigurationProperties("mail.srs")
public record SrsProperties(String domain, String secret, Duration maxAge) {

    public SrsProperties {
        maxAge = maxAge == null ? Duration.ofDays(21) : maxAge;
    }

    /** The scheme, or {@code null} when no SRS domain is set; a weak secret stops the start. */
    public SenderRewriting rewriting(Clock clock) {
        if (domain == null || domain.isBlank()) {
            return null;
        }
        if (secret == null) {
            throw new IllegalArgumentException("mail.srs.secret is required when mail.srs.domain is set");
        }
        return new SenderRewriting(secret.getBytes(StandardCharsets.UTF_8), domain.trim(), (int) maxAge.toDays(), clock);
    }
}
