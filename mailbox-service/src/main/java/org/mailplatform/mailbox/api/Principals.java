package org.mailplatform.mailbox.api;

import jakarta.servlet.http.HttpServletRequest;
import org.mailplatform.mailbox.security.BearerTokenInterceptor;
import org.mailplatform.mailbox.security.Caller;
import org.mailplatform.model.Principal;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * Turns the caller and the request path into the principal whose mailboxes are used: a user only
 * ever gets their own; an admin names the user ({@code /api/mail/users/{userId}/...}), a tenant admin
 * only within their tenant, a platform admin in the tenant given as {@code ?tenant=}.
 */
@Component
class Principals {

    Principal resolve(HttpServletRequest request, String userId, String tenant) {
        Caller caller = (Caller) request.getAttribute(BearerTokenInterceptor.CALLER);
        if (userId == null) {
            if (caller instanceof Caller.User user) {
                return user.principal();
            }
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "admins use /api/mail/users/{userId}/...");
        }
        return new Principal(adminTenant(request, tenant), userId, userId);
    }

    /**
     * The tenant an admin acts in: a tenant admin's own, a platform admin's as given with
     * {@code ?tenant=}. Anyone else is refused.
     */
    String adminTenant(HttpServletRequest request, String tenant) {
        Caller caller = (Caller) request.getAttribute(BearerTokenInterceptor.CALLER);
        if (!(caller instanceof Caller.Admin admin)) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "only admins may act for another user");
        }
        String effectiveTenant = admin.platform() ? tenant : admin.tenantId();
        if (effectiveTenant == null || effectiveTenant.isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "platform admins name the tenant with ?tenant=");
        }
        if (!admin.platform() && tenant != null && !tenant.equals(admin.tenantId())) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "not your tenant");
        }
        return effectiveTenant;
    }
}
