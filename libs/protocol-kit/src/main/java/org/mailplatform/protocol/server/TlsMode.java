package org.mailplatform.protocol.server;

/** How a listener uses TLS. */
public enum TlsMode {
    /** Plaintext only, no STARTTLS offered (e.g. when TLS ends at a load balancer). */
    NONE,
    /** Plaintext at first; the client may upgrade with STARTTLS/STLS (ports 25, 587, 143, 110). */
    STARTTLS,
    /** TLS from the first byte (RFC 8314: ports 465, 993, 995). */
    IMPLICIT
}
