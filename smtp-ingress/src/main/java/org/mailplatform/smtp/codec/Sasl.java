package org.mailplatform.smtp.codec;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The SASL PLAIN (RFC 4616) and LOGIN mechanisms' messages, as used by SMTP AUTH (RFC 4954). */
public final class Sasl {

    /** The base64 challenge LOGIN sends for the user name ({@code "Username:"}). */
    public static final String LOGIN_USERNAME_CHALLENGE = base64("Username:");
    /** The base64 challenge LOGIN sends for the password ({@code "Password:"}). */
    public static final String LOGIN_PASSWORD_CHALLENGE = base64("Password:");

    private Sasl() {
    }

    /**
     * PLAIN credentials.
     *
     * @param authzid  the identity to act as (empty: the same as authcid)
     * @param authcid  the login
     * @param password the password
     */
    public record PlainCredentials(String authzid, String authcid, String password) {
        @Override
        public String toString() {
            return "PlainCredentials[authzid=" + authzid + ", authcid=" + authcid + "]";
        }
    }

    /** Decodes a PLAIN response: {@code base64(authzid NUL authcid NUL password)}. */
    public static PlainCredentials plain(String base64) throws SmtpSyntaxException {
        String decoded = utf8(decode(base64));
        String[] parts = decoded.split("\u0000", -1);
        if (parts.length != 3 || parts[1].isEmpty()) {
            throw new SmtpSyntaxException(SmtpReply.of(501, "5.5.2", "Malformed PLAIN response"));
        }
        return new PlainCredentials(parts[0], parts[1], parts[2]);
    }

    /** Decodes one LOGIN step (user name or password). */
    public static String loginStep(String base64) throws SmtpSyntaxException {
        return utf8(decode(base64));
    }

    /** Whether a client's response line cancels the exchange (RFC 4954 section 4: {@code *}). */
    public static boolean cancelled(String response) {
        return "*".equals(response);
    }

    private static byte[] decode(String base64) throws SmtpSyntaxException {
        if ("=".equals(base64)) {
            return new byte[0];
        }
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new SmtpSyntaxException(SmtpReply.of(501, "5.5.2", "Invalid base64 data"));
        }
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }
}
