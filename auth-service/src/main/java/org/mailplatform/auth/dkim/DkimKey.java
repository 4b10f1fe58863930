package org.mailplatform.auth.dkim;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One DKIM signing key of a domain (RFC 6376). The private key is stored in plain PKCS#8, like the
 * admin token key: whoever reads the database or its backups can sign mail as the domain.
 *
 * @param id          the DNS name the public key is published at, {@code <selector>._domainkey.<domain>}:
 *                    unique per (domain, selector), and no other pair gives the same name, because
 *                    neither a selector nor a domain may contain the label {@code _domainkey}
 * @param domain      lower-case A-label, as {@code Domain.id}
 * @param tenantId    the domain's tenant when the key was made
 * @param selector    lower-case, one or more DNS labels
 * @param algorithm   {@code rsa-sha256} or {@code ed25519-sha256} (RFC 8463), the {@code a=} of its signatures
 * @param bits        RSA modulus length; 256 for Ed25519
 * @param privateKey  PKCS#8 DER, base64; a secret
 * @param publicKey   the {@code p=} of the DNS record, base64: X.509 SubjectPublicKeyInfo DER for RSA,
 *                    the raw 32-byte key for Ed25519
 * @param active      whether mail is signed with it (at most one per domain and algorithm, see {@link DkimKeyStore})
 * @param activatedAt its last activation, kept when it is deactivated; {@code null} if never active
 */
@Document("dkim_keys")
public record DkimKey(@Id String id, String domain, String tenantId, String selector, String algorithm, int bits,
        String privateKey, String publicKey, boolean active, Instant createdAt, Instant activatedAt) {

    static String dnsName(String selector, String domain) {
        return selector + "._domainkey." + domain;
    }

    public String dnsName() {
        return id;
    }

    /**
     * The {@code a=} of its signatures, {@code rsa-sha256} for keys stored before the algorithm
     * was (they are all RSA).
     */
    public String signatureAlgorithm() {
        return DkimAlgorithm.stored(algorithm).signatureAlgorithm;
    }

    /** The TXT record to publish at {@link #dnsName()} (RFC 6376 section 3.6.1). */
    public String dnsRecord() {
        return "v=DKIM1; k=" + DkimAlgorithm.stored(algorithm).keyType + "; p=" + publicKey;
    }

    /** Without the private key, so that no log line can carry it. */
    @Override
    public String toString() {
        return "DkimKey[" + id + ", tenant " + tenantId + ", " + algorithm + ", " + bits + " bits, active " + active + "]";
    }
}
