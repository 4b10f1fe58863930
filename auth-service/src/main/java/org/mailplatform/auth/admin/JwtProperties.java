package org.mailplatform.auth.admin;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The tokens auth-service issues: RS256 JWTs signed with a key kept in the service's MongoDB
 * database, so every replica signs and verifies with the same key.
 *
 * @param issuer       {@code iss} claim of every token (default {@code mail-platform-auth})
 * @param audience     {@code aud} of admin tokens, checked by the admin and queue APIs (default
 *                     {@code mail-platform-admin})
 * @param mailAudience {@code aud} of users' tokens for the mail REST API, also carried by admin
 *                     tokens so admins can act for users there (default {@code mail-platform-mail},
 *                     mailbox-service's {@code mail.mailbox.jwt.audience})
 * @param ttl          lifetime of an admin token (default 1h, at most 24h)
 * @param userTtl      lifetime of a user's mail API token (default 1h, at most 24h)
 */
@ConfigurationProperties("mail.auth.jwt")
public record JwtProperties(@DefaultValue("mail-platform-auth") String issuer,
        @DefaultValue("mail-platform-admin") String audience, @DefaultValue("mail-platform-mail") String mailAudience,
        @DefaultValue("1h") Duration ttl, @DefaultValue("1h") Duration userTtl) {

    public JwtProperties {
        requireLifetime("mail.auth.jwt.ttl", ttl);
        requireLifetime("mail.auth.jwt.user-ttl", userTtl);
        if (audience.equals(mailAudience)) {
            // a user token would then pass the admin API's audience check; only the missing role
            // claim would stand between a user and the admin API
            throw new IllegalArgumentException("mail.auth.jwt.audience and mail-audience must differ");
        }
    }

    private static void requireLifetime(String name, Duration lifetime) {
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(Duration.ofHours(24)) > 0) {
            throw new IllegalArgumentException(name + " must be between 1s and 24h");
        }
    }
}
