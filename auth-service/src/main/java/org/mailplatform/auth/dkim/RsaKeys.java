package org.mailplatform.auth.dkim;

import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Set;

import org.mailplatform.auth.problem.ApiProblem;

/**
 * RSA key pairs for DKIM. RFC 8301 requires verifiers to accept 1024 to 4096 bits and signers to
 * use at least 1024 (2048 recommended); sizes in between are refused to keep the choice simple.
 */
final class RsaKeys {

    static final int DEFAULT_BITS = 2048;
    private static final Set<Integer> ALLOWED = Set.of(1024, 2048, 3072, 4096);

    /** The requested size, the default when none; 400 for any other. */
    static int bits(Integer requested) {
        if (requested == null) {
            return DEFAULT_BITS;
        }
        if (!ALLOWED.contains(requested)) {
            throw ApiProblem.badRequest("bits must be 1024, 2048, 3072 or 4096, not " + requested);
        }
        return requested;
    }

    static KeyPair generate(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has RSA", e);
        }
    }

    /** PKCS#8 for the private key, X.509 SubjectPublicKeyInfo for the public one (their JDK encodings). */
    static String base64(Key key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    private RsaKeys() {
    }
}
