package org.mailplatform.mailauth.dkim;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.List;

import org.apache.james.jdkim.api.Headers;
import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.exceptions.PermFailException;
import org.apache.james.jdkim.impl.BodyHasherImpl;
import org.apache.james.jdkim.tagvalue.SignatureRecordImpl;

/**
 * Computes a {@code DKIM-Signature} field (RFC 6376 5) with jDKIM's record, body canonicalisation
 * and header canonicalisation, for RSA keys ({@code rsa-sha256}) and Ed25519 keys
 * ({@code ed25519-sha256}, RFC 8463), which jDKIM's own signer cannot make. The body streams
 * through the hashes; nothing of it is held. Several signatures of one message share one read of
 * its body ({@link #signAll}).
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

    /** One signature to make: its tags with empty {@code bh=} and {@code b=}, and its key. */
    public record Request(String template, PrivateKey key) {
    }

    /** One signature made ({@code field}), or why it could not be ({@code failure}). */
    public record Result(String field, PermFailException failure) {
        public boolean ok() {
            return failure == null;
        }
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
        Result result = signAll(List.of(new Request(template, key)), header, body).getFirst();
        if (!result.ok()) {
            throw result.failure();
        }
        return result.field();
    }

    /**
     * Makes several signatures of one message (one per key of a domain, RFC 8463 6) over one read of
     * the body: it flows once through every signature's body hasher (each with its own
     * canonicalisation), then each header signature is computed. One that cannot be made (a template
     * jDKIM cannot read, a key that does not fit its {@code a=}) fails alone.
     *
     * @return one result per request, in their order
     * @throws IOException reading {@code body} failed (no signature is made)
     */
    public static List<Result> signAll(List<Request> requests, Headers header, InputStream body) throws IOException {
        SignatureRecord[] records = new SignatureRecord[requests.size()];
        PermFailException[] failures = new PermFailException[requests.size()];
        List<BodyHasherImpl> hashers = new ArrayList<>();
        List<OutputStream> sinks = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            try {
                records[i] = new SignatureRecordImpl(requests.get(i).template());
                BodyHasherImpl hasher = new BodyHasherImpl(records[i]);
                hashers.add(hasher);
                sinks.add(hasher.getOutputStream());
            } catch (IllegalStateException e) {
                failures[i] = new PermFailException("unreadable signature template: " + e.getMessage(), e);
                hashers.add(null);
            } catch (PermFailException e) {
                failures[i] = e; // a canonicalisation or algorithm jDKIM does not know
                hashers.add(null);
            }
        }
        byte[] chunk = new byte[16 * 1024];
        for (int n; (n = body.read(chunk)) != -1; ) {
            for (OutputStream sink : sinks) {
                sink.write(chunk, 0, n);
            }
        }
        for (OutputStream sink : sinks) {
            sink.close();
        }
        List<Result> results = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            if (failures[i] != null) {
                results.add(new Result(null, failures[i]));
                continue;
            }
            try {
                records[i].setBodyHash(hashers.get(i).getDigest());
                records[i].setSignature(HeaderSignature.sign(header, records[i], requests.get(i).key()));
                results.add(new Result("DKIM-Signature:" + records[i], null));
            } catch (PermFailException e) {
                results.add(new Result(null, e));
            }
        }
        return results;
    }
}
