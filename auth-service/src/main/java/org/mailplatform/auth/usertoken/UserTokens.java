package org.mailplatform.auth.usertoken;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

import org.mailplatform.auth.admin.JwtProperties;
import org.mailplatform.auth.admin.SigningKeys;
import org.mailplatform.model.Principal;
import org.springframework.stereotype.Component;

import com.nimbusds.jwt.JWTClaimsSet;

/**
 * Issues a mail user's token for the mail REST API (ADR 0202): {@code sub} = user id, claims
 * {@code tenant} and {@code address}, audience {@code mail.auth.jwt.mail-audience} only and no
 * {@code role}, so it is never accepted by the admin or queue APIs.
 */
@Component
class UserTokens {

    record Issued(String token, long expiresInSeconds) {
    }

    private final SigningKeys keys;
    private final JwtProperties properties;
    private final Clock clock;

    UserTokens(SigningKeys keys, JwtProperties properties, Clock clock) {
        this.keys = keys;
        this.properties = properties;
        this.clock = clock;
    }

    Issued issue(Principal user) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(properties.issuer()).audience(properties.mailAudience())
                .subject(user.userId()).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(properties.userTtl()))).jwtID(UUID.randomUUID().toString())
                .claim("tenant", user.tenantId()).claim("address", user.address()).build();
        return new Issued(keys.sign(claims), properties.userTtl().toSeconds());
    }
}
