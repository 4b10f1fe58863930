package org.mailplatform.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DomainApiTest extends AuthServiceTestBase {

    @Test
    void domainIsCreatedListedShownAndRemoved() {
        AdminHttp admin = platformAdmin();
        admin.post("/api/admin/domains", Map.of("name", "Domains-One.test")).expect(201);
        assertThat(admin.get("/api/admin/domains/domains-one.test").expect(200).json().get("tenant").asString())
                .isEqualTo("default");
        assertThat(admin.get("/api/admin/domains").expect(200).json().findValuesAsString("name"))
                .contains("domains-one.test");
        admin.delete("/api/admin/domains/domains-one.test").expect(204);
        admin.get("/api/admin/domains/domains-one.test").expectProblem(404, "unknown-domain");
    }

    @Test
    void internationalizedDomainIsStoredAsALabelAndULabel() {
        AdminHttp admin = platformAdmin();
        var created = admin.post("/api/admin/domains", Map.of("name", "Bücher-domains.test")).expect(201).json();
        assertThat(created.get("name").asString()).isEqualTo("xn--bcher-domains-wob.test");
        assertThat(created.get("unicode").asString()).isEqualTo("bücher-domains.test");
        admin.get("/api/admin/domains/" + AdminHttp.path("bücher-domains.test")).expect(200);
        admin.post("/api/admin/domains", Map.of("name", "xn--bcher-domains-wob.test"))
                .expectProblem(409, "duplicate");
    }

    @Test
    void errorsAreProblemDetails() {
        AdminHttp admin = platformAdmin();
        admin.post("/api/admin/domains", Map.of("name", "bad..domain")).expectProblem(400, "invalid-address");
        admin.post("/api/admin/domains", Map.of("name", "-bad.test")).expectProblem(400, "invalid-address");
        admin.get("/api/admin/domains/nowhere-domains.test").expectProblem(404, "unknown-domain");
        admin.post("/api/admin/domains", Map.of("name", "dup-domains.test")).expect(201);
        admin.post("/api/admin/domains", Map.of("name", "DUP-domains.test")).expectProblem(409, "duplicate");
        admin.post("/api/admin/domains", Map.of("name", "x-domains.test", "tenant", "no-such-tenant"))
                .expectProblem(404, "unknown-tenant");
        admin.post("/api/admin/domains", "{not json").expect(400);
    }

    @Test
    void domainWithUsersCannotBeRemoved() {
        AdminHttp admin = platformAdmin();
        admin.post("/api/admin/domains", Map.of("name", "busy-domains.test")).expect(201);
        admin.post("/api/admin/users", Map.of("address", "u@busy-domains.test", "password", "long-enough-1"))
                .expect(201);
        admin.delete("/api/admin/domains/busy-domains.test").expectProblem(409, "conflict");
    }

    @Test
    void domainAliasAndCatchAllAndQuota() {
        AdminHttp admin = platformAdmin();
        admin.post("/api/admin/domains", Map.of("name", "main-domains.test")).expect(201);
        admin.post("/api/admin/domains", Map.of("name", "other-domains.test", "aliasOf", "main-domains.test"))
                .expect(201);
        assertThat(admin.get("/api/admin/domains/other-domains.test").json().get("aliasOf").asString())
                .isEqualTo("main-domains.test");
        admin.post("/api/admin/domains", Map.of("name", "x2-domains.test", "aliasOf", "missing-domains.test"))
                .expectProblem(404, "unknown-domain");
        admin.delete("/api/admin/domains/main-domains.test").expectProblem(409, "conflict");
        admin.post("/api/admin/users", Map.of("address", "u@other-domains.test", "password", "long-enough-1"))
                .expectProblem(400, "bad-request");

        admin.put("/api/admin/domains/main-domains.test/catch-all", Map.of("targets", List.of("pm@elsewhere.test")))
                .expect(200);
        assertThat(admin.get("/api/admin/domains/main-domains.test").json().get("catchAll").get(0).asString())
                .isEqualTo("pm@elsewhere.test");
        admin.put("/api/admin/domains/main-domains.test/catch-all", Map.of("targets", List.of("not an address")))
                .expectProblem(400, "invalid-address");
        admin.delete("/api/admin/domains/main-domains.test/catch-all").expect(200);

        admin.put("/api/admin/domains/main-domains.test/quota", Map.of("maxBytes", 1_000_000, "maxMessages", 500))
                .expect(200);
        var quota = admin.get("/api/admin/domains/main-domains.test/quota").expect(200).json();
        assertThat(quota.get("maxBytes").asLong()).isEqualTo(1_000_000);
        assertThat(quota.get("maxMessages").asLong()).isEqualTo(500);
        admin.put("/api/admin/domains/main-domains.test/quota", Map.of("maxBytes", -1)).expect(400);
    }
}
