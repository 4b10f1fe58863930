package org.mailplatform.pop3.codec;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The SASL PLAIN mechanism (RFC 4616) as POP3 AUTH carries it (RFC 5034). */
public final class SaslPlain {

    /** The mechanism's name in CAPA and AUTH. */
    public static final String MECHANISM = "PLAIN";

    private SaslPlain() {
    }

    /**
     * PLAIN credentials.
     *
     * @param authzid  the identity to act as; empty for "the same as authcid"
     * @param authcid  the login
     * @param password the password
     */
    public record Credentials(String authzid, String authcid, String password) {
        @Override
        public String toString() {
            return "Credentials[authzid=" + authzid + ", authcid=" + authcid + "]";
        }
    }

    /** Whether a client's response cancels the exchange (RFC 5034 section 4: {@code *}). */
    public static boolean cancelled(String response) {
        return "*".equals(response);
    }

    /** Decodes {@code base64(authzid NUL authcid NUL password)}; {@code =} is the empty response. */
    public static Credentials decode(String base64) throws Pop3SyntaxException {
        byte[] bytes;
        try {
            bytes = "=".equals(base64) ? new byte[0] : Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new Pop3SyntaxException("Invalid base64 data");
        }
        String[] parts = new String(bytes, StandardCharsets.UTF_8).split("\u0000", -1);
        if (parts.length != 3 || parts[1].isEmpty()) {
            throw new Pop3SyntaxException("Malformed PLAIN response");
        }
        return new Credentials(parts[0], parts[1], parts[2]);
    }
}
