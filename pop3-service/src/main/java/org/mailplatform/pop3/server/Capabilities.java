package org.mailplatform.pop3.server;

import java.util.ArrayList;
import java.util.List;

import org.mailplatform.pop3.codec.Pop3Response;
import org.mailplatform.pop3.codec.SaslPlain;

/**
 * The CAPA response (RFC 2449 section 5). Login mechanisms are listed only where they may be used
 * (TLS, loopback, or allowed by policy) and only before login; STLS only where it can be started.
 */
final class Capabilities {

    private Capabilities() {
    }

    static Pop3Response of(Pop3Policy policy, boolean loggedIn, boolean plaintextAllowed, boolean stlsAvailable) {
        List<String> lines = new ArrayList<>();
        lines.add("TOP");
        if (!loggedIn && plaintextAllowed) {
            lines.add("USER");
            lines.add("SASL " + SaslPlain.MECHANISM);
        }
        lines.add("RESP-CODES");
        lines.add("AUTH-RESP-CODE");
        lines.add("PIPELINING");
        lines.add("UIDL");
        if (!policy.loginDelay().isZero()) {
            lines.add("LOGIN-DELAY " + policy.loginDelay().toSeconds());
        }
        lines.add("EXPIRE " + (policy.expireDays() < 0 ? "NEVER" : Integer.toString(policy.expireDays())));
        if (stlsAvailable && !loggedIn) {
            lines.add("STLS");
        }
        lines.add("IMPLEMENTATION " + policy.implementation());
        return new Pop3Response.MultiLine("Capability list follows", lines);
    }
}
