package org.mailplatform.directory.client;

import java.security.PrivateKey;
import java.util.Objects;

/** The outcome of {@link DkimKeys#signingKey}. */
public sealed interface DkimKeyResult {

    /**
     * The domain's active key.
     *
     * @param domain     the signing domain ({@code d=}), lower-case A-label
     * @param tenantId   the tenant that owns the domain: only its users' mail is signed with it
     * @param selector   the selector ({@code s=}) under which the public key is published
     * @param privateKey the RSA private key
     */
    record SigningKey(String domain, String tenantId, String selector, PrivateKey privateKey) implements DkimKeyResult {
        public SigningKey {
            Objects.requireNonNull(domain, "domain");
            Objects.requireNonNull(tenantId, "tenantId");
            Objects.requireNonNull(selector, "selector");
            Objects.requireNonNull(privateKey, "privateKey");
        }

        @Override
        public String toString() {
            return "SigningKey[domain=" + domain + ", tenantId=" + tenantId + ", selector=" + selector + "]";
        }
    }

    /** The domain is not hosted here, or has no active key: its mail goes out unsigned. */
    record NoKey() implements DkimKeyResult {
    }

    /** The directory could not answer: a temporary failure. */
    record Unavailable(String detail) implements DkimKeyResult {
        public Unavailable {
            Objects.requireNonNull(detail, "detail");
        }
    }
}
