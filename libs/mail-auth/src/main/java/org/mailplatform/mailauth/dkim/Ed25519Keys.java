package org.mailplatform.mailauth.dkim;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * Ed25519 public keys as DKIM publishes them: RFC 8463 section 4 puts the raw 32-byte key in
 * {@code p=}, not the X.509 SubjectPublicKeyInfo that RSA keys use; the JDK reads and writes the
 * latter, which for Ed25519 is a fixed 12-byte prefix (RFC 8410) in front of the raw key.
 */
public final class Ed25519Keys {

    /** DER of SubjectPublicKeyInfo up to the key: SEQUENCE, AlgorithmIdentifier id-Ed25519 (1.3.101.112), BIT STRING. */
    private static final byte[] SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
    private static final int KEY_LENGTH = 32;

    private Ed25519Keys() {
    }

    /** @throws IllegalArgumentException for a key that is not 32 bytes or not a valid Ed25519 point encoding */
    public static PublicKey publicKey(byte[] raw) {
        if (raw.length != KEY_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 key has 32 bytes, not " + raw.length);
        }
        byte[] spki = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + KEY_LENGTH);
        System.arraycopy(raw, 0, spki, SPKI_PREFIX.length, KEY_LENGTH);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 key: " + e.getMessage(), e);
        }
    }

    /** The raw 32 bytes of an Ed25519 public key (what {@code p=} holds, base64-encoded). */
    public static byte[] raw(PublicKey key) {
        byte[] spki = key.getEncoded();
        if (!"X.509".equals(key.getFormat()) || spki.length != SPKI_PREFIX.length + KEY_LENGTH
                || !Arrays.equals(spki, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
            throw new IllegalArgumentException("not an Ed25519 public key");
        }
        return Arrays.copyOfRange(spki, SPKI_PREFIX.length, spki.length);
    }
}
