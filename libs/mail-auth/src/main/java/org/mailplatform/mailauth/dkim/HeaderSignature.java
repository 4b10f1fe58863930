package org.mailplatform.mailauth.dkim;

import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.util.Locale;

import org.apache.james.jdkim.DKIMCommon;
import org.apache.james.jdkim.api.Headers;
import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.exceptions.PermFailException;

/**
 * A signature's {@code b=} over the signed header fields, with jDKIM's header canonicalisation,
 * for {@code rsa-sha256} (and {@code rsa-sha1}, to report it) and {@code ed25519-sha256}
 * (RFC 8463), which jDKIM lacks. jDKIM's own verifier does the same inside {@code newBodyHasher},
 * but reports only one merged failure for all signatures of a message; the MX reports each
 * signature, and the relay signs with either kind of key.
 */
final class HeaderSignature extends DKIMCommon {

    private HeaderSignature() {
    }

    /** @throws PermFailException for an unsupported canonicalisation or algorithm */
    static boolean verifies(Headers header, SignatureRecord sign, PublicKey key) throws PermFailException {
        try {
            Signature signature = of(sign);
            signature.initVerify(key);
            signatureCheck(header, sign, sign.getHeaders(), signature);
            try {
                return signature.verify(sign.getSignature());
            } catch (SignatureException malformed) {
                // b= of the wrong length or encoding for the key: it does not verify (RFC 6376 6.1.3), a fail
                return false;
            }
        } catch (GeneralSecurityException e) {
            throw new PermFailException(e.getMessage(), e);
        }
    }

    /**
     * The {@code b=} value of {@code sign} (its body hash already set) over {@code header}.
     *
     * @throws PermFailException for an unsupported algorithm or a key that does not fit it
     */
    static byte[] sign(Headers header, SignatureRecord sign, PrivateKey key) throws PermFailException {
        try {
            Signature signature = of(sign);
            signature.initSign(key);
            signatureCheck(header, sign, sign.getHeaders(), signature);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new PermFailException(e.getMessage(), e);
        }
    }

    private static Signature of(SignatureRecord sign) throws NoSuchAlgorithmException {
        String keyType = sign.getHashKeyType().toString().toLowerCase(Locale.ROOT);
        String hash = sign.getHashMethod().toString().toLowerCase(Locale.ROOT);
        if ("ed25519".equals(keyType)) {
            if (!"sha256".equals(hash)) {
                throw new NoSuchAlgorithmException("unsupported algorithm ed25519-" + hash);
            }
            return new Ed25519Sha256();
        }
        if (!"rsa".equals(keyType)) {
            throw new NoSuchAlgorithmException("unsupported algorithm " + keyType + "-" + hash);
        }
        return Signature.getInstance(hash.toUpperCase(Locale.ROOT) + "withRSA");
    }
}
