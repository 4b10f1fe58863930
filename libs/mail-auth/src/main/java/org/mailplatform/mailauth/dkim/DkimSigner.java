package org.mailplatform.mailauth.dkim;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.PrivateKey;

import org.apache.james.jdkim.api.Headers;
import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.exceptions.PermFailException;
import org.apache.james.jdkim.impl.BodyHasherImpl;
import org.apache.james.jdkim.tagvalue.SignatureRecordImpl;

/**
 * Computes a {@code DKIM-Signature} field (RFC 6376 5) with jDKIM's record, body canonicalisation
 * and header canonicalisation, for RSA keys ({@code rsa-sha256}) and Ed25519 keys
 * ({@code ed25519-sha256}, RFC 8463), which jDKIM's own signer cannot make. The body streams
 * through the hash; nothing of it is held.
 */
public final class DkimSigner {

    private DkimSigner() {
    }

    /** The {@code a=} value for a private key: {@code rsa-sha256} or {@code ed25519-sha256}. */
    public static String algorithm(PrivateKey key) {
        return switch (key.getAlgorithm()) {
            case "RSA" -> "rsa-sha256";
            case "Ed25519", "EdDSA" -> "ed25519-sha256";
            default -> throw new IllegalArgumentException("no DKIM algorithm for " + key.getAlgorithm() + " keys");
        };
    }

    /**
     * @param template the signature's tags with empty {@code bh=} and {@code b=}, e.g.
     *                 {@code v=1; a=ed25519-sha256; c=relaxed/relaxed; d=...; s=...; h=...; bh=; b=;}
     * @param header   the message's header fields
     * @param body     the message's body (CRLF line ends), read to its end
     * @return the unfolded field, {@code DKIM-Signature:} and the tags, without CRLF
     * @throws PermFailException for a template jDKIM cannot read, or a key that does not fit its {@code a=}
     */
    public static String sign(String template, PrivateKey key, Headers header, InputStream body)
            throws IOException, PermFailException {
        SignatureRecord record;
        try {
            record = new SignatureRecordImpl(template);
        } catch (IllegalStateException e) {
            throw new PermFailException("unreadable signature template: " + e.getMessage(), e);
        }
        BodyHasherImpl hasher = new BodyHasherImpl(record);
        try (OutputStream out = hasher.getOutputStream()) {
            body.transferTo(out);
        }
        record.setBodyHash(hasher.getDigest());
        record.setSignature(HeaderSignature.sign(header, record, key));
        return "DKIM-Signature:" + record;
    }
}
