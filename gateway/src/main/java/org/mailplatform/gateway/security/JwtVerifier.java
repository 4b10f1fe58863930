package org.mailplatform.gateway.security;

import java.text.ParseException;
import java.util.Date;
import java.util.HashSet;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import reactor.core.publisher.Mono;

/**
 * Checks a bearer token (RFC 7519 JWT, RFC 7515 signature) against auth-service's published keys:
 * asymmetric signature algorithms only (no {@code none}, no shared-secret HMAC), {@code sub} and
 * {@code exp} required, {@code exp}/{@code nbf} with clock skew, issuer and audience when configured.
 * CPU work only, so it runs on the event loop; key fetching is non-blocking ({@link JwksSource}).
 */
final class JwtVerifier {

    private static final Set<JWSAlgorithm> ALLOWED = Set.of(
            JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);

    private final JwksSource keys;
    private final DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier;

    JwtVerifier(JwksSource keys, JwtProperties properties) {
        this.keys = keys;
        JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
        if (!properties.jwtIssuer().isBlank()) {
            exact.issuer(properties.jwtIssuer());
        }
        Set<String> audience = properties.jwtAudience().isBlank() ? null : Set.of(properties.jwtAudience());
        this.claimsVerifier = new DefaultJWTClaimsVerifier<>(audience, exact.build(), new HashSet<>(Set.of("sub", "exp")), null);
        this.claimsVerifier.setMaxClockSkew((int) properties.clockSkew().toSeconds());
    }

    Mono<VerifiedToken> verify(String token) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            return Mono.error(new InvalidTokenException("malformed token"));
        }
        if (!ALLOWED.contains(jwt.getHeader().getAlgorithm())) {
            return Mono.error(new InvalidTokenException("signature algorithm not accepted"));
        }
        String keyId = jwt.getHeader().getKeyID();
        return keys.current()
                .flatMap(set -> keyId != null && !holds(set, keyId) ? keys.afterUnknownKey() : Mono.just(set))
                .map(set -> process(jwt, set));
    }

    private VerifiedToken process(SignedJWT jwt, JWKSet set) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALLOWED, new ImmutableJWKSet<>(set)));
        processor.setJWTClaimsSetVerifier(claimsVerifier);
        try {
            JWTClaimsSet claims = processor.process(jwt, null);
            Object tenant = claims.getClaim("tenant");
            Date exp = claims.getExpirationTime();
            return new VerifiedToken(claims.getSubject(), tenant == null ? null : tenant.toString(), exp.toInstant());
        } catch (BadJOSEException e) {
            throw new InvalidTokenException(e.getMessage());
        } catch (JOSEException e) {
            throw new InvalidTokenException("signature cannot be checked");
        }
    }

    private static boolean holds(JWKSet set, String keyId) {
        return !new JWKSelector(new JWKMatcher.Builder().keyID(keyId).build()).select(set).isEmpty();
    }
}
