package org.mailplatform.auth.token;

/**
 * The body of both token endpoints ({@code POST /api/admin/token}, {@code POST /api/auth/token}):
 * a name and a password. {@link #toString()} leaves the password out, so it never reaches a log.
 */
public record TokenRequest(String username, String password) {

    @Override
    public String toString() {
        return "TokenRequest[username=" + username + "]";
    }
}
