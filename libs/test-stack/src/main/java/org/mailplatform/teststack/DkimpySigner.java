package org.mailplatform.teststack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Base64;

/**
 * Signs a test message with dkimpy, so a verifier built on jDKIM is checked against mail signed by
 * another implementation, as it will be on the internet. The test is skipped where python3-dkim
 * is missing.
 *
 * @param selector         the {@code s=} tag
 * @param domain           the {@code d=} tag
 * @param key              the RSA private key
 * @param canonicalization header/body, e.g. {@code relaxed/simple}
 * @param signedHeaders    the {@code h=} list, colon-separated
 */
public record DkimpySigner(String selector, String domain, PrivateKey key, String canonicalization, String signedHeaders) {

    /** {@code message} (CRLF line ends) with dkimpy's DKIM-Signature field in front. */
    public byte[] sign(byte[] message) {
        try {
            Path pem = Files.createTempFile("dkim-key", ".pem");
            try {
                Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                        + "\n-----END PRIVATE KEY-----\n");
                Dkimpy.Result r = Dkimpy.run("dkim-sign.py", message, selector, domain, pem.toString(), canonicalization,
                        signedHeaders);
                if (r.exitCode() != 0 || r.output().length == 0) {
                    throw new IllegalStateException("dkimpy did not sign: " + new String(r.output(), StandardCharsets.UTF_8));
                }
                byte[] signed = new byte[r.output().length + message.length];
                System.arraycopy(r.output(), 0, signed, 0, r.output().length);
                System.arraycopy(message, 0, signed, r.output().length, message.length);
                return signed;
            } finally {
                Files.deleteIfExists(pem);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
