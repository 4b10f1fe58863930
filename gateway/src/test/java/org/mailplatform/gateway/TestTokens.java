package org.mailplatform.gateway;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** Signing keys made in the test and tokens signed with them, as auth-service would issue them. */
final class TestTokens {

    /** auth-service's default issuer, which is also the gateway's default expectation. */
    static final String ISSUER = "mail-platform-auth";

    private final List<ECKey> published = new ArrayList<>();

    ECKey newKey(String keyId) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Adds a key to the published JWK set (its public half only). */
    ECKey publishNewKey(String keyId) {
        ECKey key = newKey(keyId);
        published.add(key);
        return key;
    }

    String jwksJson() {
        return new JWKSet(published.stream().map(k -> (JWK) k.toPublicJWK()).toList()).toString();
    }

    static String sign(ECKey key, String subject, String tenant, String issuer, Duration validFor) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject).issuer(issuer).claim("tenant", tenant)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(validFor))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    static String sign(ECKey key, String subject) {
        return sign(key, subject, "tenant-a", ISSUER, Duration.ofMinutes(5));
    }
}
