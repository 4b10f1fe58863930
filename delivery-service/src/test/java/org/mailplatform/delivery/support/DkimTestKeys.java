package org.mailplatform.delivery.support;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.exceptions.FailException;
import org.mailplatform.directory.client.DkimAlgorithm;
import org.mailplatform.directory.client.DkimKeyResult;
import org.mailplatform.mailauth.HeaderCapture;
import org.mailplatform.mailauth.HeaderFields;
import org.mailplatform.mailauth.dkim.DkimVerifier;
import org.mailplatform.mailauth.dkim.Ed25519Keys;
import org.mailplatform.mailauth.dkim.SignatureCheck;
import org.mailplatform.teststack.DkimVerifiers;

/**
 * A domain's DKIM key pair for tests (RSA, or Ed25519 by {@link #ed25519}), with its DNS record,
 * the two verifiers of test-stack (RSA only: jDKIM knows no Ed25519) and libs/mail-auth's
 * verifier, the MX's, which checks both algorithms.
 */
public final class DkimTestKeys {

    private final String domain;
    private final String selector;
    private final DkimAlgorithm algorithm;
    private final KeyPair pair;
    private final DkimVerifiers verifiers;

    public DkimTestKeys(String domain, String selector) {
        this(domain, selector, DkimAlgorithm.RSA_SHA256);
    }

    private DkimTestKeys(String domain, String selector, DkimAlgorithm algorithm) {
        this.domain = domain;
        this.selector = selector;
        this.algorithm = algorithm;
        try {
            if (algorithm == DkimAlgorithm.RSA_SHA256) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                this.pair = generator.generateKeyPair();
            } else {
                this.pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        this.verifiers = new DkimVerifiers(dnsName(), dnsRecord());
    }

    /** An Ed25519 key (RFC 8463), published as {@code k=ed25519} with the raw 32-byte key. */
    public static DkimTestKeys ed25519(String domain, String selector) {
        return new DkimTestKeys(domain, selector, DkimAlgorithm.ED25519_SHA256);
    }

    /** The directory's answer for a domain with only this key. */
    public DkimKeyResult.SigningKeys signingKey(String tenantId) {
        return DkimKeyResult.SigningKeys.of(domain, tenantId, key());
    }

    /** The directory's answer for a domain with all these keys, in this order. */
    public static DkimKeyResult.SigningKeys signingKeys(String tenantId, DkimTestKeys... keys) {
        return new DkimKeyResult.SigningKeys(keys[0].domain, tenantId,
                Arrays.stream(keys).map(DkimTestKeys::key).toList());
    }

    public DkimKeyResult.SigningKey key() {
        return new DkimKeyResult.SigningKey(algorithm, selector, pair.getPrivate());
    }

    public String dnsName() {
        return selector + "._domainkey." + domain;
    }

    public String dnsRecord() {
        return algorithm == DkimAlgorithm.RSA_SHA256
                ? "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded())
                : "v=DKIM1; k=ed25519; p=" + Base64.getEncoder().encodeToString(Ed25519Keys.raw(pair.getPublic()));
    }

    public List<SignatureRecord> verifyWithJdkim(byte[] message) throws IOException, FailException {
        return verifiers.verifyWithJdkim(message);
    }

    public boolean verifyWithDkimpy(byte[] message) {
        return verifiers.verifyWithDkimpy(message);
    }

    /**
     * The MX's verifier (libs/mail-auth, which checks ed25519-sha256 as RFC 8463 pins it) on a
     * message as sent, with these keys' records as the DNS: one check per signature, top first.
     */
    public static List<SignatureCheck> verifyWithMailAuth(byte[] sent, DkimTestKeys... published) throws IOException {
        Map<String, List<String>> zone = Arrays.stream(published)
                .collect(Collectors.toMap(DkimTestKeys::dnsName, k -> List.of(k.dnsRecord())));
        HeaderCapture capture = new HeaderCapture(64 * 1024);
        int body = capture.accept(sent, 0, sent.length);
        DkimVerifier.Verification verification = new DkimVerifier(name -> zone.getOrDefault(name, List.of()), 5)
                .start(HeaderFields.parse(capture.bytes(), 1000));
        verification.body().write(sent, body, sent.length - body);
        return verification.finish();
    }
}
