package org.mailplatform.auth.dkim;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

import org.mailplatform.auth.problem.ApiProblem;

/**
 * The signing algorithms a domain's DKIM keys are made for: {@code rsa-sha256} (RFC 6376, RFC 8301)
 * and {@code ed25519-sha256} (RFC 8463). A domain may have one active key of each, so that its mail
 * can carry both signatures, as RFC 8463 section 5 recommends while verifiers without Ed25519
 * remain.
 */
enum DkimAlgorithm {

    RSA_SHA256("rsa-sha256", "rsa"),
    ED25519_SHA256("ed25519-sha256", "ed25519");

    /** Bytes of the X.509 SubjectPublicKeyInfo of an Ed25519 key in front of the raw key (RFC 8410). */
    private static final int ED25519_SPKI_PREFIX = 12;

    /** The {@code a=} value of signatures made with such a key. */
    final String signatureAlgorithm;
    /** The {@code k=} value of its DNS record. */
    final String keyType;

    DkimAlgorithm(String signatureAlgorithm, String keyType) {
        this.signatureAlgorithm = signatureAlgorithm;
        this.keyType = keyType;
    }

    /** The requested algorithm, by key type or signature algorithm ({@code rsa}, {@code ed25519-sha256}); RSA when none; 400 for others. */
    static DkimAlgorithm requested(String name) {
        if (name == null) {
            return RSA_SHA256;
        }
        String lower = name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(a -> a.keyType.equals(lower) || a.signatureAlgorithm.equals(lower))
                .findFirst()
                .orElseThrow(() -> ApiProblem.badRequest("algorithm must be rsa or ed25519, not " + name));
    }

    /** The algorithm of a stored key; keys stored before Ed25519 existed are RSA. */
    static DkimAlgorithm stored(String signatureAlgorithm) {
        return ED25519_SHA256.signatureAlgorithm.equals(signatureAlgorithm) ? ED25519_SHA256 : RSA_SHA256;
    }

    /** The key size to store: the RSA modulus asked for (400 for a size not allowed), 256 for Ed25519 (400 for any other). */
    int bits(Integer requested) {
        if (this == RSA_SHA256) {
            return RsaKeys.bits(requested);
        }
        if (requested != null && requested != 256) {
            throw ApiProblem.badRequest("an Ed25519 key has 256 bits; bits applies to RSA keys");
        }
        return 256;
    }

    KeyPair generate(int bits) {
        if (this == RSA_SHA256) {
            return RsaKeys.generate(bits);
        }
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK since 15 has Ed25519", e);
        }
    }

    /**
     * The {@code p=} value of the DNS record: the X.509 SubjectPublicKeyInfo for RSA (RFC 6376
     * 3.6.1), the raw 32-byte key for Ed25519 (RFC 8463 section 4), base64.
     */
    String publicKeyValue(PublicKey key) {
        byte[] encoded = key.getEncoded();
        if (this == ED25519_SHA256) {
            encoded = Arrays.copyOfRange(encoded, ED25519_SPKI_PREFIX, encoded.length);
        }
        return Base64.getEncoder().encodeToString(encoded);
    }
}
