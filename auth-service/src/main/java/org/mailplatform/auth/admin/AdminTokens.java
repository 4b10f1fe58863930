package org.mailplatform.auth.admin;

import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import org.mailplatform.auth.problem.ApiProblem;
import org.springframework.stereotype.Component;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Issues and checks admin API tokens: RS256 JWTs (RFC 7519) with the admin's name as {@code sub},
 * and claims {@code role} ({@code PLATFORM}/{@code TENANT}) and {@code tenant}.
 */
@Component
public class AdminTokens {

    /** A freshly issued token. */
    public record Issued(String token, long expiresInSeconds) {
    }

    private final SigningKeys keys;
    private final JwtProperties properties;
    private final Clock clock;

    public AdminTokens(SigningKeys keys, JwtProperties properties, Clock clock) {
        this.keys = keys;
        this.properties = properties;
        this.clock = clock;
    }

    public Issued issue(AdminAccount admin) {
        Instant now = clock.instant();
        // both audiences: the admin API, and the mail API where admins act for users
        // (/api/mail/users/{id}/...); the role claim keeps such a token from acting as a user
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(properties.issuer())
                .audience(List.of(properties.audience(), properties.mailAudience())).subject(admin.username())
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(properties.ttl())))
                .jwtID(UUID.randomUUID().toString()).claim("role", admin.role().name())
                .claim("tenant", admin.tenantId()).build();
        return new Issued(keys.sign(claims), properties.ttl().toSeconds());
    }

    /** The caller a bearer token stands for; 401 for anything not issued by us or expired. */
    public AdminCaller verify(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())
                    || !jwt.verify(new RSASSAVerifier(keys.current().toRSAPublicKey()))) {
                throw ApiProblem.unauthorized("invalid token");
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            if (!properties.issuer().equals(claims.getIssuer()) || !claims.getAudience().contains(properties.audience())
                    || claims.getExpirationTime() == null || !clock.instant().isBefore(claims.getExpirationTime().toInstant())) {
                throw ApiProblem.unauthorized("token expired or not for this service");
            }
            AdminRole role = AdminRole.valueOf(claims.getStringClaim("role"));
            String tenant = claims.getStringClaim("tenant");
            if (role == AdminRole.TENANT && tenant == null) {
                throw ApiProblem.unauthorized("tenant admin token without tenant");
            }
            return new AdminCaller(claims.getSubject(), role, tenant);
        } catch (ParseException | JOSEException | IllegalArgumentException | NullPointerException e) {
            throw ApiProblem.unauthorized("invalid token");
        }
    }
}
