package org.mailplatform.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantIsolationTest extends AuthServiceTestBase {

    AdminHttp platform;
    AdminHttp acme;

    @BeforeAll
    void tenants() {
        platform = platformAdmin();
        platform.post("/api/admin/tenants", Map.of("id", "acme", "displayName", "ACME Corp")).expect(201);
        platform.post("/api/admin/tenants", Map.of("id", "globex")).expect(201);
        platform.post("/api/admin/tenants/acme/admins", Map.of("username", "acme-admin", "password", "acme-pass-1"))
                .expect(201);
        platform.post("/api/admin/domains", Map.of("name", "globex.test", "tenant", "globex")).expect(201);
        platform.post("/api/admin/users", Map.of("address", "boss@globex.test", "password", "S3cret-pass")).expect(201);
        acme = AdminHttp.login(port, "acme-admin", "acme-pass-1");
    }

    @Test
    void tenantAdminManagesOwnTenant() {
        acme.post("/api/admin/domains", Map.of("name", "acme.test")).expect(201);
        assertThat(acme.get("/api/admin/domains/acme.test").json().get("tenant").asString()).isEqualTo("acme");
        acme.post("/api/admin/users", Map.of("address", "wile@acme.test", "password", "S3cret-pass")).expect(201);
        assertThat(acme.get("/api/admin/users").json().findValuesAsString("address")).containsExactly("wile@acme.test");
        assertThat(acme.get("/api/admin/domains").json().findValuesAsString("name")).containsExactly("acme.test");
        assertThat(acme.get("/api/admin/tenants").json().findValuesAsString("id")).containsExactly("acme");
        assertThat(acme.get("/api/admin/tenants/acme/admins").expect(200).json().findValuesAsString("username"))
                .containsExactly("acme-admin");
    }

    @Test
    void tenantAdminIsDeniedOtherTenants() {
        acme.get("/api/admin/domains/globex.test").expectProblem(403, "other-tenant");
        acme.delete("/api/admin/domains/globex.test").expectProblem(403, "other-tenant");
        acme.get("/api/admin/users/boss@globex.test").expectProblem(403, "other-tenant");
        acme.put("/api/admin/users/boss@globex.test/password", Map.of("password", "hijacked-pass"))
                .expectProblem(403, "other-tenant");
        acme.post("/api/admin/users", Map.of("address", "spy@globex.test", "password", "S3cret-pass"))
                .expectProblem(403, "other-tenant");
        acme.post("/api/admin/aliases", Map.of("address", "spy@globex.test", "targets", List.of("x@acme.test")))
                .expectProblem(403, "other-tenant");
        acme.get("/api/admin/users/boss@globex.test/app-passwords").expectProblem(403, "other-tenant");
        acme.get("/api/admin/users?domain=globex.test").expectProblem(403, "other-tenant");
        acme.post("/api/admin/domains", Map.of("name", "x-acme.test", "tenant", "globex"))
                .expectProblem(403, "other-tenant");
        acme.get("/api/admin/tenants/globex").expectProblem(403, "other-tenant");
        acme.post("/api/admin/tenants/globex/admins", Map.of("username", "evil", "password", "evil-pass-1"))
                .expectProblem(403, "other-tenant");
        acme.post("/api/admin/tenants", Map.of("id", "mine")).expectProblem(403, "forbidden");
    }

    @Test
    void tenantErrors() {
        platform.post("/api/admin/tenants", Map.of("id", "acme")).expectProblem(409, "duplicate");
        platform.post("/api/admin/tenants", Map.of("id", "Bad Id")).expectProblem(400, "bad-request");
        platform.get("/api/admin/tenants/nope").expectProblem(404, "unknown-tenant");
        platform.post("/api/admin/tenants/acme/admins", Map.of("username", "acme-admin", "password", "acme-pass-1"))
                .expectProblem(409, "duplicate");
    }

    @Test
    void theQueuePrefixIsNoTenantId() {
        // mailbox blobs live under the tenant id; 'inbound' is where queued bodies live (and are swept)
        var refused = platform.post("/api/admin/tenants", Map.of("id", "inbound")).expectProblem(400, "bad-request");
        assertThat(refused.json().get("detail").asString()).contains("'inbound' is reserved");
        platform.get("/api/admin/tenants/inbound").expectProblem(404, "unknown-tenant");
        platform.post("/api/admin/tenants", Map.of("id", "inbound-sales")).expect(201);
    }

    @Test
    void adminApiNeedsAValidToken() {
        AdminHttp anonymous = new AdminHttp(port, null);
        anonymous.get("/api/admin/domains").expectProblem(401, "unauthorized");
        new AdminHttp(port, "not.a.jwt").get("/api/admin/domains").expectProblem(401, "unauthorized");
        anonymous.post("/api/admin/token", Map.of("username", "admin", "password", "wrong-password"))
                .expectProblem(401, "unauthorized");
        anonymous.post("/api/admin/token", Map.of("username", "ghost", "password", "wrong-password"))
                .expectProblem(401, "unauthorized");
    }

    @Test
    void jwksPublishesTheSigningKey() {
        var jwks = new AdminHttp(port, null).get("/api/admin/jwks").expect(200).json();
        assertThat(jwks.get("keys").get(0).get("kty").asString()).isEqualTo("RSA");
        assertThat(jwks.get("keys").get(0).has("d")).as("private part must not leak").isFalse();
    }
}
