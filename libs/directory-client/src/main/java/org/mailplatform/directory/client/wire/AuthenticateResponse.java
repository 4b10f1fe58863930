package org.mailplatform.directory.client.wire;

import org.mailplatform.directory.client.AuthResult;
import org.mailplatform.model.Principal;

/**
 * Answer of {@link DirectoryApi#AUTHENTICATE_PATH}.
 *
 * @param outcome   {@code AUTHENTICATED} or {@code REJECTED}
 * @param principal set when authenticated
 * @param reason    set when rejected: {@code BAD_CREDENTIALS}, {@code SUSPENDED}, {@code THROTTLED}
 */
public record AuthenticateResponse(String outcome, Principal principal, String reason) {

    public static final String AUTHENTICATED = "AUTHENTICATED";
    public static final String REJECTED = "REJECTED";

    public static AuthenticateResponse authenticated(Principal principal) {
        return new AuthenticateResponse(AUTHENTICATED, principal, null);
    }

    public static AuthenticateResponse rejected(String reason) {
        return new AuthenticateResponse(REJECTED, null, reason);
    }

    /** The wire form of a definite result ({@link AuthResult.Unavailable} never travels). */
    public static AuthenticateResponse of(AuthResult result) {
        return switch (result) {
            case AuthResult.Authenticated a -> authenticated(a.principal());
            case AuthResult.Rejected r -> rejected(r.reason());
            case AuthResult.Unavailable u -> throw new IllegalArgumentException("Unavailable is not sent: " + u);
        };
    }

    /** The result this answer stands for; a malformed answer is {@link AuthResult.Unavailable}. */
    public AuthResult toResult() {
        if (AUTHENTICATED.equals(outcome) && principal != null) {
            return new AuthResult.Authenticated(principal);
        }
        if (REJECTED.equals(outcome) && reason != null) {
            return new AuthResult.Rejected(reason);
        }
        return new AuthResult.Unavailable("malformed directory answer: outcome " + outcome);
    }
}
