package org.mailplatform.delivery.admin;

import java.net.URI;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.proc.SingleKeyJWSKeySelector;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

/**
 * Checks admin bearer tokens from auth-service (RS256 JWT, RFC 7519: signature, {@code iss},
 * {@code aud}, expiry). The gateway checks them too; the service checks again so that a request
 * reaching it by another path is not trusted blindly.
 */
final class AdminTokenVerifier {

    /** Who called: the admin's name and role ({@code PLATFORM} or {@code TENANT}). */
    record Admin(String name, String role) {
        boolean platform() {
            return "PLATFORM".equals(role);
        }
    }

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    AdminTokenVerifier(AdminJwtProperties jwt) {
        processor.setJWSKeySelector(keySelector(jwt));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(jwt.audience(),
                new JWTClaimsSet.Builder().issuer(jwt.issuer()).build(), Set.of("sub", "exp", "role")));
    }

    private static JWSKeySelector<SecurityContext> keySelector(AdminJwtProperties jwt) {
        try {
            if (jwt.jwksUri() != null && !jwt.jwksUri().isBlank()) {
                return new JWSVerificationKeySelector<>(JWSAlgorithm.RS256,
                        JWKSourceBuilder.create(URI.create(jwt.jwksUri()).toURL()).build());
            }
            if (jwt.publicKey() != null && !jwt.publicKey().isBlank()) {
                String base64 = jwt.publicKey().replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
                RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA")
                        .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
                return new SingleKeyJWSKeySelector<>(JWSAlgorithm.RS256, key);
            }
        } catch (Exception e) {
            throw new IllegalStateException("invalid mail.delivery.admin.jwt key configuration", e);
        }
        // no key configured: every token is refused
        return (header, context) -> List.of();
    }

    /** The admin a token stands for, or null when it is not a valid admin token. */
    Admin verify(String token) {
        try {
            JWTClaimsSet claims = processor.process(token, null);
            return new Admin(claims.getSubject(), claims.getStringClaim("role"));
        } catch (Exception e) {
            return null;
        }
    }
}
