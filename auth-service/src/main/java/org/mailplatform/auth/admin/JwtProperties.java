package org.mailplatform.auth.admin;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Admin API tokens (RS256 JWTs signed with a key kept in the service's MongoDB database, so every
 * replica signs and verifies with the same key).
 *
 * @param issuer   {@code iss} claim (default {@code mail-platform-auth})
 * @param audience {@code aud} claim the gateway should check (default {@code mail-platform-admin})
 * @param ttl      lifetime of a token (default 1h, at most 24h)
 */
@ConfigurationProperties("mail.auth.jwt")
public record JwtProperties(@DefaultValue("mail-platform-auth") String issuer,
        @DefaultValue("mail-platform-admin") String audience, @DefaultValue("1h") Duration ttl) {

    public JwtProperties {
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(Duration.ofHours(24)) > 0) {
            throw new IllegalArgumentException("mail.auth.jwt.ttl must be between 1s and 24h");
        }
    }
}
