package org.mailplatform.auth.admin;

import org.mailplatform.auth.problem.ApiProblem;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerInterceptor;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Requires a valid admin bearer token on {@code /api/admin/**} (except the token, JWKS and OpenAPI
 * endpoints) and makes the {@link AdminCaller} available to the handlers. The gateway checks the
 * same token; checking again here keeps the service safe when reached without the gateway.
 */
class AdminAuthInterceptor implements HandlerInterceptor {

    static final String CALLER_ATTRIBUTE = AdminCaller.class.getName();

    private final AdminTokens tokens;

    AdminAuthInterceptor(AdminTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            throw ApiProblem.unauthorized("an admin bearer token is required (POST /api/admin/token)");
        }
        request.setAttribute(CALLER_ATTRIBUTE, tokens.verify(header.substring(7).strip()));
        return true;
    }
}
