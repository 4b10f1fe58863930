package org.mailplatform.delivery.admin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Admits only platform admins to {@code /api/admin/queue/**}: the queues hold every tenant's mail,
 * so a tenant admin gets 403 (tenants never see each other's messages).
 */
final class AdminAuthInterceptor implements HandlerInterceptor {

    /** Request attribute holding the {@link AdminTokenVerifier.Admin}. */
    static final String ADMIN = AdminTokenVerifier.Admin.class.getName();

    private final AdminTokenVerifier verifier;

    AdminAuthInterceptor(AdminTokenVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String header = request.getHeader("Authorization");
        AdminTokenVerifier.Admin admin = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? verifier.verify(header.substring(7).strip()) : null;
        if (admin == null) {
            response.setHeader("WWW-Authenticate", "Bearer");
            throw new ResponseStatusException(HttpStatus.UNAUTHORIZED, "a valid admin bearer token is required");
        }
        if (!admin.platform()) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "the mail queues are for platform admins only");
        }
        request.setAttribute(ADMIN, admin);
        return true;
    }
}
