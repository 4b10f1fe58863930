package org.mailplatform.directory.client;

import java.security.PrivateKey;
import java.util.List;
import java.util.Objects;

/** The outcome of {@link DkimKeys#signingKeys}. */
public sealed interface DkimKeyResult {

    /**
     * The domain's active keys, at most one per algorithm (RFC 8463 section 6: a domain may sign
     * with RSA and Ed25519 at once), in the order the directory listed them; never empty.
     *
     * @param domain   the signing domain ({@code d=}), lower-case A-label
     * @param tenantId the tenant that owns the domain: only its users' mail is signed with its keys
     * @param keys     one or more keys
     */
    record SigningKeys(String domain, String tenantId, List<SigningKey> keys) implements DkimKeyResult {
        public SigningKeys {
            Objects.requireNonNull(domain, "domain");
            Objects.requireNonNull(tenantId, "tenantId");
            keys = List.copyOf(keys);
            if (keys.isEmpty()) {
                throw new IllegalArgumentException("no keys: that is NoKey");
            }
        }

        /** A domain with one key, as before dual signing. */
        public static SigningKeys of(String domain, String tenantId, SigningKey key) {
            return new SigningKeys(domain, tenantId, List.of(key));
        }
    }

    /**
     * One active key of a domain; not a result on its own.
     *
     * @param algorithm  what it signs with ({@code a=})
     * @param selector   the selector ({@code s=}) under which its public key is published
     * @param privateKey the private key, of {@code algorithm}'s type
     */
    record SigningKey(DkimAlgorithm algorithm, String selector, PrivateKey privateKey) {
        public SigningKey {
            Objects.requireNonNull(algorithm, "algorithm");
            Objects.requireNonNull(selector, "selector");
            Objects.requireNonNull(privateKey, "privateKey");
        }

        @Override
        public String toString() {
            return "SigningKey[" + algorithm.wireName() + ", selector=" + selector + "]";
        }
    }

    /** The domain is not hosted here, or has no active key this client can use: its mail goes out unsigned. */
    record NoKey() implements DkimKeyResult {
    }

    /** The directory could not answer: a temporary failure. */
    record Unavailable(String detail) implements DkimKeyResult {
        public Unavailable {
            Objects.requireNonNull(detail, "detail");
        }
    }
}
