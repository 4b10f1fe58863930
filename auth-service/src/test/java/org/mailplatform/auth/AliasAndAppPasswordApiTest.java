package org.mailplatform.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AliasAndAppPasswordApiTest extends AuthServiceTestBase {

    AdminHttp admin;

    @BeforeEach
    void domain() {
        admin = platformAdmin();
        if (admin.get("/api/admin/domains/aliases.test").status() == 404) {
            admin.post("/api/admin/domains", Map.of("name", "aliases.test")).expect(201);
            admin.post("/api/admin/users", Map.of("address", "owner@aliases.test", "password", "S3cret-pass"))
                    .expect(201);
        }
    }

    @Test
    void aliasLifecycle() {
        admin.post("/api/admin/aliases",
                Map.of("address", "Team@aliases.test", "targets", List.of("owner@aliases.test", "ext@remote.test")))
                .expect(201);
        assertThat(admin.get("/api/admin/aliases/team@aliases.test").expect(200).json().get("targets").size())
                .isEqualTo(2);
        assertThat(admin.get("/api/admin/aliases?domain=aliases.test").json().findValuesAsString("address"))
                .contains("Team@aliases.test");
        admin.put("/api/admin/aliases/team@aliases.test", Map.of("targets", List.of("only@remote.test"))).expect(200);
        assertThat(admin.get("/api/admin/aliases/team@aliases.test").json().get("targets").get(0).asString())
                .isEqualTo("only@remote.test");
        admin.post("/api/admin/aliases", Map.of("address", "team@aliases.test", "targets", List.of("a@b.test")))
                .expectProblem(409, "duplicate");
        admin.post("/api/admin/aliases", Map.of("address", "owner@aliases.test", "targets", List.of("a@b.test")))
                .expectProblem(409, "duplicate");
        admin.post("/api/admin/aliases", Map.of("address", "x@aliases.test", "targets", List.of("bad target")))
                .expectProblem(400, "invalid-address");
        admin.post("/api/admin/aliases", Map.of("address", "x@aliases.test", "targets", List.of()))
                .expectProblem(400, "bad-request");
        admin.post("/api/admin/aliases", Map.of("address", "x@nowhere-aliases.test", "targets", List.of("a@b.test")))
                .expectProblem(404, "unknown-domain");
        admin.delete("/api/admin/aliases/team@aliases.test").expect(204);
        admin.get("/api/admin/aliases/team@aliases.test").expectProblem(404, "unknown-alias");
    }

    @Test
    void appPasswordLifecycle() {
        var created = admin.post("/api/admin/users/owner@aliases.test/app-passwords",
                Map.of("name", "phone", "protocols", List.of("IMAP", "SMTP"))).expect(201).json();
        assertThat(created.get("password").asString()).matches("[a-z2-9]{4}(-[a-z2-9]{4}){5}");
        var listed = admin.get("/api/admin/users/owner@aliases.test/app-passwords").expect(200).json();
        assertThat(listed.findValuesAsString("name")).containsExactly("phone");
        assertThat(listed.get(0).has("password")).isFalse();
        admin.post("/api/admin/users/owner@aliases.test/app-passwords", Map.of("name", "phone"))
                .expectProblem(409, "duplicate");
        admin.post("/api/admin/users/owner@aliases.test/app-passwords", Map.of("name", "bad/name"))
                .expectProblem(400, "bad-request");
        admin.post("/api/admin/users/nobody@aliases.test/app-passwords", Map.of("name", "x"))
                .expectProblem(404, "unknown-user");
        admin.delete("/api/admin/users/owner@aliases.test/app-passwords/phone").expect(204);
        admin.delete("/api/admin/users/owner@aliases.test/app-passwords/phone").expectProblem(404, "unknown-app-password");
    }
}
