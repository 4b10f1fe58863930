package org.mailplatform.mailauth.dkim;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SignatureException;
import java.security.Signature;
import java.util.Locale;

import org.apache.james.jdkim.DKIMCommon;
import org.apache.james.jdkim.api.Headers;
import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.exceptions.PermFailException;

/**
 * Checks a signature's {@code b=} over the signed header fields with jDKIM's header
 * canonicalisation. jDKIM's own verifier does the same inside {@code newBodyHasher}, but reports
 * only one merged failure for all signatures of a message; the MX reports each signature.
 */
final class HeaderSignature extends DKIMCommon {

    private HeaderSignature() {
    }

    /** @throws PermFailException for an unsupported canonicalisation or algorithm */
    static boolean verifies(Headers header, SignatureRecord sign, PublicKey key) throws PermFailException {
        try {
            Signature signature = Signature.getInstance(sign.getHashMethod().toString().toUpperCase(Locale.ROOT)
                    + "with" + sign.getHashKeyType().toString().toUpperCase(Locale.ROOT));
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
}
