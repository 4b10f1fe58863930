package org.mailplatform.gateway.security;

import java.time.Instant;

/**
 * A bearer token whose signature and claims the gateway has checked.
 *
 * @param subject   the {@code sub} claim: who the token was issued to
 * @param tenant    the {@code tenant} claim, or {@code null} for a platform administrator
 * @param expiresAt the {@code exp} claim
 */
public record VerifiedToken(String subject, String tenant, Instant expiresAt) {

    /** Exchange attribute under which the authentication filter leaves the token for later filters. */
    public static final String ATTRIBUTE = VerifiedToken.class.getName();

    /** The key by which the rate limiter counts this client. */
    public String clientKey() {
        return "token:" + (tenant == null ? "" : tenant) + ":" + subject;
    }
}
