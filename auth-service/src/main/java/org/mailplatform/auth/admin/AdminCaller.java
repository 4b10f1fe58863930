package org.mailplatform.auth.admin;

import org.mailplatform.auth.problem.ApiProblem;

/**
 * The admin behind an admin API request, as the verified JWT says.
 *
 * @param tenantId the tenant of a tenant admin, {@code null} for a platform admin
 */
public record AdminCaller(String username, AdminRole role, String tenantId) {

    public boolean isPlatformAdmin() {
        return role == AdminRole.PLATFORM;
    }

    /** Whether the caller may manage this tenant's objects. */
    public boolean mayManage(String tenant) {
        return isPlatformAdmin() || tenantId.equals(tenant);
    }

    /** Refuses with 403 unless the caller may manage this tenant. */
    public void checkTenant(String tenant) {
        if (!mayManage(tenant)) {
            throw ApiProblem.otherTenant("this belongs to another tenant");
        }
    }

    public void checkPlatformAdmin() {
        if (!isPlatformAdmin()) {
            throw ApiProblem.forbidden("only platform admins may do this");
        }
    }

    /**
     * The tenant a request acts on: the one named (checked) or, when none is named, the tenant
     * admin's own or the platform's default tenant.
     */
    public String tenantFor(String requested, String defaultTenant) {
        if (requested == null || requested.isBlank()) {
            return isPlatformAdmin() ? defaultTenant : tenantId;
        }
        checkTenant(requested);
        return requested;
    }
}
