package org.mailplatform.delivery.support;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** Admin tokens as auth-service issues them (RS256, iss/aud/role), signed with a key made for the tests. */
public final class TestAdminTokens {

    private static final KeyPair KEYS = generate();

    private TestAdminTokens() {
    }

    /** The public key as PEM, for {@code mail.delivery.admin.jwt.public-key}. */
    public static String publicKeyPem() {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(KEYS.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** A valid token of an admin with {@code role} ({@code PLATFORM} or {@code TENANT}). */
    public static String token(String subject, String role) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("mail-platform-auth").audience("mail-platform-admin")
                .subject(subject).expirationTime(Date.from(Instant.now().plusSeconds(600))).claim("role", role)
                .claim("tenant", "TENANT".equals(role) ? "t1" : null).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
        try {
            jwt.sign(new RSASSASigner((RSAPrivateKey) KEYS.getPrivate()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
