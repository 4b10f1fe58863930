package org.mailplatform.mailauth.dkim;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.InvalidParameterException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;

/**
 * DKIM's {@code ed25519-sha256} (RFC 8463 section 3): the data DKIM signs (RFC 6376 3.7) is hashed
 * with SHA-256, and that 32-byte hash, not the data, is signed with PureEdDSA Ed25519 (RFC 8032).
 * A {@link Signature} so that jDKIM's header canonicalisation, which feeds one, can feed it too;
 * the JDK's {@code Ed25519} does the signing.
 */
final class Ed25519Sha256 extends Signature {

    private final MessageDigest sha256;
    private PrivateKey signingKey;
    private PublicKey verifyingKey;

    Ed25519Sha256() {
        super("Ed25519-SHA256");
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    protected void engineInitVerify(PublicKey publicKey) throws InvalidKeyException {
        if (!"Ed25519".equals(publicKey.getAlgorithm()) && !"EdDSA".equals(publicKey.getAlgorithm())) {
            throw new InvalidKeyException("not an Ed25519 key: " + publicKey.getAlgorithm());
        }
        verifyingKey = publicKey;
        signingKey = null;
        sha256.reset();
    }

    @Override
    protected void engineInitSign(PrivateKey privateKey) throws InvalidKeyException {
        if (!"Ed25519".equals(privateKey.getAlgorithm()) && !"EdDSA".equals(privateKey.getAlgorithm())) {
            throw new InvalidKeyException("not an Ed25519 key: " + privateKey.getAlgorithm());
        }
        signingKey = privateKey;
        verifyingKey = null;
        sha256.reset();
    }

    @Override
    protected void engineUpdate(byte b) {
        sha256.update(b);
    }

    @Override
    protected void engineUpdate(byte[] b, int off, int len) {
        sha256.update(b, off, len);
    }

    @Override
    protected byte[] engineSign() throws SignatureException {
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initSign(signingKey);
            ed25519.update(sha256.digest());
            return ed25519.sign();
        } catch (GeneralSecurityException e) {
            throw new SignatureException(e.getMessage(), e);
        }
    }

    @Override
    protected boolean engineVerify(byte[] signature) throws SignatureException {
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initVerify(verifyingKey);
            ed25519.update(sha256.digest());
            return ed25519.verify(signature);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new SignatureException(e.getMessage(), e);
        }
    }

    @Override
    @SuppressWarnings("deprecation")
    protected void engineSetParameter(String param, Object value) {
        throw new InvalidParameterException("no parameters");
    }

    @Override
    @SuppressWarnings("deprecation")
    protected Object engineGetParameter(String param) {
        throw new InvalidParameterException("no parameters");
    }
}
