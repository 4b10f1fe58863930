package org.mailplatform.directory.client;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * The DKIM signing algorithms this client can hand a signer a key for: {@code rsa-sha256}
 * (RFC 6376, RFC 8301) and {@code ed25519-sha256} (RFC 8463). On the wire a key carries its
 * algorithm as the {@code a=} value of its signatures; a name not listed here comes from a newer
 * auth-service and its key is skipped (see {@link org.mailplatform.directory.client.wire.DkimKeyResponse}).
 */
public enum DkimAlgorithm {

    RSA_SHA256("rsa-sha256", "RSA"),
    ED25519_SHA256("ed25519-sha256", "Ed25519");

    private final String wireName;
    private final String keyFactory;

    DkimAlgorithm(String wireName, String keyFactory) {
        this.wireName = wireName;
        this.keyFactory = keyFactory;
    }

    /** The {@code a=} value of signatures made with such a key, and its name on the wire. */
    public String wireName() {
        return wireName;
    }

    /** The algorithm of this wire name (exact, lower case as auth-service sends it), or empty when unknown. */
    public static Optional<DkimAlgorithm> ofWireName(String name) {
        return Arrays.stream(values()).filter(a -> a.wireName.equals(name)).findFirst();
    }

    /**
     * Decodes a private key of this algorithm from base64 PKCS#8 DER.
     *
     * @throws GeneralSecurityException  not a PKCS#8 key of this algorithm
     * @throws IllegalArgumentException  not base64
     */
    public PrivateKey decode(String base64) throws GeneralSecurityException {
        return KeyFactory.getInstance(keyFactory).generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }
}
