package org.mailplatform.delivery.outbound;

/** How the relay uses STARTTLS (RFC 3207). */
public enum TlsPolicy {
    /** Never: plaintext only. */
    NONE,
    /**
     * When the server offers it, without checking its certificate (RFC 7435 opportunistic
     * security: protects against passive eavesdroppers, as Postfix's {@code may}); if the
     * handshake fails, the same host is tried again in plaintext.
     */
    OPPORTUNISTIC,
    /** Always, with a certificate valid for the host name; otherwise a temporary failure. */
    REQUIRED
}
