package org.mailplatform.mailbox.security;

import java.net.URI;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SingleKeyJWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.mailplatform.model.Principal;

/**
 * Verifies RS256 bearer tokens (signature, {@code iss}, {@code aud}, expiry) and turns their claims
 * into a {@link Caller}: {@code role} {@code PLATFORM} or {@code TENANT} is an admin (with claim
 * {@code tenant}); anything else is a user with {@code sub} = user id, {@code tenant} and
 * {@code address}.
 */
public final class TokenVerifier {

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    public TokenVerifier(JwtProperties properties) {
        processor.setJWSKeySelector(keySelector(properties));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(properties.audience(),
                new JWTClaimsSet.Builder().issuer(properties.issuer()).build(), Set.of("sub", "exp")));
    }

    private static JWSKeySelector<SecurityContext> keySelector(JwtProperties properties) {
        try {
            if (properties.jwksUri() != null && !properties.jwksUri().isBlank()) {
                JWKSource<SecurityContext> keys = JWKSourceBuilder.create(URI.create(properties.jwksUri()).toURL()).build();
                return new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys);
            }
            if (properties.publicKey() != null && !properties.publicKey().isBlank()) {
                String base64 = properties.publicKey().replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
                RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA")
                        .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
                return new SingleKeyJWSKeySelector<>(JWSAlgorithm.RS256, key);
            }
        } catch (Exception e) {
            throw new IllegalStateException("invalid mail.mailbox.jwt key configuration", e);
        }
        // no key configured: every token is refused
        return (header, context) -> List.of();
    }

    /** The caller, or null if the token is not valid. */
    public Caller verify(String token) {
        try {
            JWTClaimsSet claims = processor.process(token, null);
            String role = claims.getStringClaim("role");
            String tenant = claims.getStringClaim("tenant");
            if ("PLATFORM".equals(role)) {
                return new Caller.Admin(claims.getSubject(), true, tenant);
            }
            if ("TENANT".equals(role)) {
                return tenant == null ? null : new Caller.Admin(claims.getSubject(), false, tenant);
            }
            String address = claims.getStringClaim("address");
            if (tenant == null || address == null) {
                return null;
            }
            return new Caller.User(new Principal(tenant, claims.getSubject(), address));
        } catch (Exception e) {
            return null;
        }
    }
}
