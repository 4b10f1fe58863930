package org.mailplatform.auth.tenant;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.mailplatform.auth.admin.AdminAccount;
import org.mailplatform.auth.admin.AdminCaller;
import org.mailplatform.auth.admin.AdminRepository;
import org.mailplatform.auth.admin.AdminRole;
import org.mailplatform.auth.login.PasswordHasher;
import org.mailplatform.auth.problem.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Admin API of tenants (platform admins) and of each tenant's admins. */
@RestController
@RequestMapping("/api/admin/tenants")
class TenantController {

    record CreateTenant(String id, String displayName) {
    }

    record TenantView(String id, String displayName, Instant createdAt) {
        static TenantView of(Tenant t) {
            return new TenantView(t.id(), t.displayName(), t.createdAt());
        }
    }

    record CreateAdmin(String username, String password) {
        @Override
        public String toString() {
            return "CreateAdmin[username=" + username + "]";
        }
    }

    record AdminView(String username, AdminRole role, String tenant, Instant createdAt) {
        static AdminView of(AdminAccount a) {
            return new AdminView(a.username(), a.role(), a.tenantId(), a.createdAt());
        }
    }

    private final TenantRepository tenants;
    private final AdminRepository admins;
    private final PasswordHasher hasher;
    private final Clock clock;

    TenantController(TenantRepository tenants, AdminRepository admins, PasswordHasher hasher, Clock clock) {
        this.tenants = tenants;
        this.admins = admins;
        this.hasher = hasher;
        this.clock = clock;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    TenantView create(AdminCaller caller, @RequestBody CreateTenant request) {
        caller.checkPlatformAdmin();
        if (!Tenant.isValidId(request.id())) {
            throw ApiProblem.badRequest("tenant id must be 1 to 63 lower-case letters, digits or '-'");
        }
        if (Tenant.isReservedId(request.id())) {
            throw ApiProblem.badRequest("tenant id '" + request.id() + "' is reserved: it is the blob prefix of queued mail");
        }
        if (tenants.existsById(request.id())) {
            throw ApiProblem.duplicate("tenant " + request.id() + " already exists");
        }
        String name = request.displayName() == null || request.displayName().isBlank() ? request.id()
                : request.displayName();
        return TenantView.of(tenants.insert(new Tenant(request.id(), name, clock.instant())));
    }

    @GetMapping
    List<TenantView> list(AdminCaller caller) {
        if (caller.isPlatformAdmin()) {
            return tenants.findAll(org.springframework.data.domain.Sort.by("_id")).stream().map(TenantView::of).toList();
        }
        return tenants.findById(caller.tenantId()).stream().map(TenantView::of).toList();
    }

    @GetMapping("/{id}")
    TenantView get(AdminCaller caller, @PathVariable String id) {
        return TenantView.of(require(caller, id));
    }

    @PostMapping("/{id}/admins")
    @ResponseStatus(HttpStatus.CREATED)
    AdminView createAdmin(AdminCaller caller, @PathVariable String id, @RequestBody CreateAdmin request) {
        Tenant tenant = require(caller, id);
        if (request.username() == null || !request.username().matches("[A-Za-z0-9._@-]{1,128}")) {
            throw ApiProblem.badRequest("username must be 1 to 128 letters, digits or '._@-'");
        }
        hasher.checkAcceptable(request.password());
        if (admins.existsById(request.username())) {
            throw ApiProblem.duplicate("admin " + request.username() + " already exists");
        }
        return AdminView.of(admins.insert(new AdminAccount(request.username(), hasher.hash(request.password()),
                AdminRole.TENANT, tenant.id(), clock.instant())));
    }

    @GetMapping("/{id}/admins")
    List<AdminView> admins(AdminCaller caller, @PathVariable String id) {
        return admins.findByTenantIdOrderByUsernameAsc(require(caller, id).id()).stream().map(AdminView::of).toList();
    }

    @DeleteMapping("/{id}/admins/{username}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void deleteAdmin(AdminCaller caller, @PathVariable String id, @PathVariable String username) {
        Tenant tenant = require(caller, id);
        AdminAccount admin = admins.findById(username).filter(a -> tenant.id().equals(a.tenantId()))
                .orElseThrow(() -> ApiProblem.notFound("admin", username));
        admins.deleteById(admin.username());
    }

    private Tenant require(AdminCaller caller, String id) {
        caller.checkTenant(id);
        return tenants.findById(id).orElseThrow(() -> ApiProblem.notFound("tenant", id));
    }
}
