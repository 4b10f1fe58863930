package org.mailplatform.mailbox;

import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.mailplatform.model.Principal;

/** Signs tokens as auth-service does (RS256), with a key made for the test run. */
final class TestTokens {

    static final RSAKey KEY;

    static {
        try {
            KEY = new RSAKeyGenerator(2048).keyID("test").generate();
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private TestTokens() {
    }

    static String publicKeyPem() throws Exception {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(KEY.toRSAPublicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    static String user(Principal p) {
        return sign(KEY, p.userId(), Map.of("tenant", p.tenantId(), "address", p.address()), "mail-platform-mail");
    }

    static String admin(String role, String tenant) {
        return sign(KEY, "admin", tenant == null ? Map.of("role", role) : Map.of("role", role, "tenant", tenant),
                "mail-platform-mail");
    }

    static String userForAudience(Principal p, String audience) {
        return sign(KEY, p.userId(), Map.of("tenant", p.tenantId(), "address", p.address()), audience);
    }

    static String sign(RSAKey key, String subject, Map<String, Object> claims, String audience) {
        try {
            JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().issuer("mail-platform-auth").audience(audience)
                    .subject(subject).expirationTime(Date.from(Instant.now().plusSeconds(600)));
            claims.forEach(builder::claim);
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                    builder.build());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
