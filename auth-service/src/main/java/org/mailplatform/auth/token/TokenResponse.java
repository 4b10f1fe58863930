package org.mailplatform.auth.token;

/** The answer of both token endpoints, in OAuth 2.0's field names (RFC 6749 section 5.1). */
public record TokenResponse(String access_token, String token_type, long expires_in) {

    public static TokenResponse bearer(String token, long expiresInSeconds) {
        return new TokenResponse(token, "Bearer", expiresInSeconds);
    }
}
