package org.mailplatform.delivery.dkim;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/** What {@link OutboundSigner} made of one relayed message. */
public sealed interface SigningOutcome {

    /**
     * Signed with one or more of the domain's keys: the fields go in front of the message, in
     * this order (the RSA signature on top, see {@link OutboundSigner}).
     *
     * @param domain     the signing domain ({@code d=}) of every signature
     * @param signatures one per key that signed, never empty
     */
    record Signed(String domain, List<Signature> signatures) implements SigningOutcome {
        public Signed {
            Objects.requireNonNull(domain, "domain");
            signatures = List.copyOf(signatures);
            if (signatures.isEmpty()) {
                throw new IllegalArgumentException("signed without a signature");
            }
        }

        /** Every field, in order, as they go on the wire. */
        public byte[] bytes() {
            StringBuilder fields = new StringBuilder();
            signatures.forEach(s -> fields.append(s.field()));
            return fields.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * One {@code DKIM-Signature} field.
     *
     * @param algorithm its {@code a=}: {@code rsa-sha256} or {@code ed25519-sha256}
     * @param selector  its {@code s=}
     * @param field     the folded field with its final CRLF
     */
    record Signature(String algorithm, String selector, String field) {
    }

    /**
     * Sent as it is.
     *
     * @param reason the metric's outcome: why no signature ({@code disabled}, {@code not_submitted},
     *               {@code no_key}, {@code foreign_domain}, {@code unsignable}, {@code key_unavailable},
     *               {@code failed})
     */
    record Unsigned(String reason) implements SigningOutcome {
    }

    /** Not sent now: whether to sign cannot be known (the directory is unavailable). */
    record Deferred(String detail) implements SigningOutcome {
    }
}
