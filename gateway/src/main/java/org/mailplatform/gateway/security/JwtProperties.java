package org.mailplatform.gateway.security;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the gateway checks the bearer tokens (JWTs issued by auth-service) on {@code /api/**}.
 *
 * @param jwksUri           where auth-service publishes its signing keys (RFC 7517 JWK Set)
 * @param jwtIssuer         required {@code iss} claim (auth-service's {@code mail.auth.jwt.issuer}); empty: not checked
 * @param jwtAudience       required {@code aud} value; empty: not checked
 * @param publicPaths       path patterns under {@code /api/**} that need no token (auth-service's token
 *                          endpoints for admins and users and key set, the OpenAPI documents)
 * @param jwksCacheTtl      how long a fetched key set is used before it is fetched again
 * @param jwksRefreshMinInterval least time between two fetches forced by an unknown key id, so forged
 *                          key ids cannot turn the gateway into a load generator against auth-service
 * @param jwksTimeout       timeout of one key set fetch
 * @param clockSkew         tolerance when checking {@code exp} and {@code nbf}
 */
@ConfigurationProperties("mail.gateway")
public record JwtProperties(
        @DefaultValue("http://localhost:8081/api/admin/jwks") URI jwksUri,
        @DefaultValue("mail-platform-auth") String jwtIssuer,
        @DefaultValue("") String jwtAudience,
        @DefaultValue({"/api/admin/token", "/api/auth/token", "/api/admin/jwks", "/api/admin/openapi.yaml", "/api/mail/openapi.yaml", "/api/openapi.yaml"}) List<String> publicPaths,
        @DefaultValue("5m") Duration jwksCacheTtl,
        @DefaultValue("30s") Duration jwksRefreshMinInterval,
        @DefaultValue("5s") Duration jwksTimeout,
        @DefaultValue("60s") Duration clockSkew) {
}
