package org.mailplatform.directory.client.wire;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.mailplatform.directory.client.DkimAlgorithm;
import org.mailplatform.directory.client.DkimKeyResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answer of {@link DirectoryApi#DKIM_PATH}, in two generations at once so that replicas of
 * either can run beside an auth-service of the other during a rolling upgrade:
 * <ul>
 * <li>{@code keys}: every active key of the domain with its algorithm. Absent from an older
 *     auth-service; then the fields below are read as one RSA key, as before.</li>
 * <li>{@code status}, {@code selector}, {@code privateKey}: the domain's active RSA key only, the
 *     answer older clients read (they decode {@code privateKey} as RSA and ignore {@code keys}).
 *     So {@code status} is {@code NONE} for a domain whose only active key is Ed25519, and such a
 *     client sends its mail unsigned, as it did before, instead of failing on the key.</li>
 * </ul>
 *
 * @param status     {@code FOUND} or {@code NONE}: whether the domain has an active RSA key
 * @param domain     the signing domain, lower-case A-label (set when any key is active)
 * @param tenantId   the domain's tenant (set when any key is active)
 * @param selector   the active RSA key's selector (set for {@code FOUND})
 * @param privateKey the active RSA key, PKCS#8 DER in base64 (set for {@code FOUND}); a secret
 * @param keys       every active key, RSA first; {@code null} from an auth-service older than
 *                   dual signing, empty when none is active
 */
public record DkimKeyResponse(String status, String domain, String tenantId, String selector, String privateKey,
        List<Key> keys) {

    private static final Logger LOG = LoggerFactory.getLogger(DkimKeyResponse.class);

    public static final String FOUND = "FOUND";
    public static final String NONE = "NONE";

    /**
     * One active key.
     *
     * @param algorithm  the {@code a=} of its signatures: {@code rsa-sha256}, {@code ed25519-sha256},
     *                   or one that a newer auth-service knows and this client does not
     * @param selector   its selector
     * @param privateKey PKCS#8 DER in base64; a secret
     */
    public record Key(String algorithm, String selector, String privateKey) {
        @Override
        public String toString() {
            return "Key[" + algorithm + ", selector=" + selector + "]";
        }
    }

    public static DkimKeyResponse none() {
        return new DkimKeyResponse(NONE, null, null, null, null, List.of());
    }

    /**
     * The answer for a domain's active keys: {@code keys} lists them all, the legacy fields carry
     * the RSA one if there is one.
     */
    public static DkimKeyResponse of(String domain, String tenantId, List<Key> keys) {
        if (keys.isEmpty()) {
            return none();
        }
        Optional<Key> rsa = keys.stream().filter(k -> DkimAlgorithm.RSA_SHA256.wireName().equals(k.algorithm()))
                .findFirst();
        return new DkimKeyResponse(rsa.isPresent() ? FOUND : NONE, domain, tenantId,
                rsa.map(Key::selector).orElse(null), rsa.map(Key::privateKey).orElse(null), List.copyOf(keys));
    }

    /**
     * The result this answer stands for. A malformed answer is {@link DkimKeyResult.Unavailable}.
     * A key of an algorithm this client does not know is skipped with a log line (mail goes out
     * with the other keys' signatures, or unsigned when there are none): a newer auth-service must
     * never make the relay defer. A key of a known algorithm that does not decode is skipped too
     * when another key signs; when none does, the answer is {@link DkimKeyResult.Unavailable}, as
     * for a single undecodable RSA key before: the relay then defers rather than sending mail that
     * claims a signature it cannot make.
     */
    public DkimKeyResult toResult() {
        if (!NONE.equals(status) && !FOUND.equals(status)) {
            return new DkimKeyResult.Unavailable("malformed directory answer: DKIM status " + status);
        }
        return keys == null ? legacyResult() : keysResult();
    }

    /** An auth-service from before dual signing: one RSA key or none. */
    private DkimKeyResult legacyResult() {
        if (NONE.equals(status)) {
            return new DkimKeyResult.NoKey();
        }
        if (domain == null || tenantId == null || selector == null || privateKey == null) {
            return new DkimKeyResult.Unavailable("malformed directory answer: incomplete DKIM key of " + domain);
        }
        try {
            return DkimKeyResult.SigningKeys.of(domain, tenantId, new DkimKeyResult.SigningKey(
                    DkimAlgorithm.RSA_SHA256, selector, DkimAlgorithm.RSA_SHA256.decode(privateKey)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return new DkimKeyResult.Unavailable(undecodable(selector, e));
        }
    }

    private DkimKeyResult keysResult() {
        if (keys.isEmpty()) {
            return new DkimKeyResult.NoKey();
        }
        if (domain == null || tenantId == null) {
            return new DkimKeyResult.Unavailable("malformed directory answer: DKIM keys without domain or tenant");
        }
        List<DkimKeyResult.SigningKey> usable = new ArrayList<>();
        String failure = null;
        for (Key key : keys) {
            if (key == null) {
                continue;
            }
            Optional<DkimAlgorithm> algorithm = DkimAlgorithm.ofWireName(key.algorithm());
            if (algorithm.isEmpty()) {
                LOG.info("DKIM key {}._domainkey.{} skipped: algorithm {} is unknown to this directory client",
                        key.selector(), domain, key.algorithm());
                continue;
            }
            if (key.selector() == null || key.privateKey() == null) {
                failure = "malformed directory answer: incomplete " + key.algorithm() + " DKIM key of " + domain;
                LOG.warn("DKIM key skipped: {}", failure);
                continue;
            }
            try {
                usable.add(new DkimKeyResult.SigningKey(algorithm.get(), key.selector(),
                        algorithm.get().decode(key.privateKey())));
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                failure = undecodable(key.selector(), e);
                LOG.warn("DKIM key skipped: {}", failure);
            }
        }
        if (!usable.isEmpty()) {
            return new DkimKeyResult.SigningKeys(domain, tenantId, usable);
        }
        return failure == null ? new DkimKeyResult.NoKey() : new DkimKeyResult.Unavailable(failure);
    }

    /** The exception's message may quote key material: only its type is kept. */
    private String undecodable(String keySelector, Exception e) {
        return "directory sent an undecodable DKIM key for " + domain + " selector " + keySelector + " ("
                + e.getClass().getSimpleName() + ")";
    }

    /** Without the private keys, so that logging an answer never leaks them. */
    @Override
    public String toString() {
        return "DkimKeyResponse[status=" + status + ", domain=" + domain + ", tenantId=" + tenantId + ", selector="
                + selector + ", keys=" + keys + "]";
    }
}
