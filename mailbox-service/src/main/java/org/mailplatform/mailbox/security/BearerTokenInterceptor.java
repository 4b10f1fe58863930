package org.mailplatform.mailbox.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.HandlerInterceptor;

/** Requires a valid bearer token on {@code /api/mail/**} and stores the {@link Caller} on the request. */
public final class BearerTokenInterceptor implements HandlerInterceptor {

    /** Request attribute holding the {@link Caller}. */
    public static final String CALLER = Caller.class.getName();

    private final TokenVerifier verifier;

    public BearerTokenInterceptor(TokenVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String header = request.getHeader("Authorization");
        Caller caller = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? verifier.verify(header.substring(7).strip()) : null;
        if (caller == null) {
            response.setHeader("WWW-Authenticate", "Bearer");
            throw new ResponseStatusException(HttpStatus.UNAUTHORIZED, "a valid bearer token is required");
        }
        request.setAttribute(CALLER, caller);
        return true;
    }
}
