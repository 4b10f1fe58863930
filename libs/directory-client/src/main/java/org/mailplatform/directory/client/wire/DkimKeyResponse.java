package org.mailplatform.directory.client.wire;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

import org.mailplatform.directory.client.DkimKeyResult;

/**
 * Answer of {@link DirectoryApi#DKIM_PATH}.
 *
 * @param status     {@code FOUND} or {@code NONE} (domain not hosted, or no active key)
 * @param domain     the signing domain, lower-case A-label (set for {@code FOUND})
 * @param tenantId   the domain's tenant (set for {@code FOUND})
 * @param selector   the key's selector (set for {@code FOUND})
 * @param privateKey the RSA private key, PKCS#8 DER in base64 (set for {@code FOUND}); a secret
 */
public record DkimKeyResponse(String status, String domain, String tenantId, String selector, String privateKey) {

    public static final String FOUND = "FOUND";
    public static final String NONE = "NONE";

    public static DkimKeyResponse none() {
        return new DkimKeyResponse(NONE, null, null, null, null);
    }

    /**
     * The result this answer stands for. A malformed answer, or a key that does not decode as an
     * RSA PKCS#8 key, is {@link DkimKeyResult.Unavailable}: the relay then defers rather than
     * sending mail that claims a signature it cannot make.
     */
    public DkimKeyResult toResult() {
        if (NONE.equals(status)) {
            return new DkimKeyResult.NoKey();
        }
        if (!FOUND.equals(status)) {
            return new DkimKeyResult.Unavailable("malformed directory answer: DKIM status " + status);
        }
        if (domain == null || tenantId == null || selector == null || privateKey == null) {
            return new DkimKeyResult.Unavailable("malformed directory answer: incomplete DKIM key of " + domain);
        }
        try {
            return new DkimKeyResult.SigningKey(domain, tenantId, selector, decode(privateKey));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // the exception's message may quote key material: only its type is kept
            return new DkimKeyResult.Unavailable("directory sent an undecodable DKIM key for " + domain + " selector "
                    + selector + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static PrivateKey decode(String base64) throws GeneralSecurityException {
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    /** Without the private key, so that logging an answer never leaks it. */
    @Override
    public String toString() {
        return "DkimKeyResponse[status=" + status + ", domain=" + domain + ", tenantId=" + tenantId + ", selector="
                + selector + "]";
    }
}
