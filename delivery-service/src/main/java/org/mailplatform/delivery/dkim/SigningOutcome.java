package org.mailplatform.delivery.dkim;

import java.nio.charset.StandardCharsets;

/** What {@link OutboundSigner} made of one relayed message. */
public sealed interface SigningOutcome {

    /**
     * Signed: {@code field} goes in front of the message.
     *
     * @param field    the folded {@code DKIM-Signature} field with its final CRLF
     * @param domain   the signing domain ({@code d=})
     * @param selector the selector ({@code s=})
     */
    record Signed(String field, String domain, String selector) implements SigningOutcome {
        public byte[] bytes() {
            return field.getBytes(StandardCharsets.UTF_8);
        }
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
