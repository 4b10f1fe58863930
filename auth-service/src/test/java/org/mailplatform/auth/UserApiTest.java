package org.mailplatform.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UserApiTest extends AuthServiceTestBase {

    AdminHttp admin;

    @BeforeEach
    void domain() {
        admin = platformAdmin();
        if (admin.get("/api/admin/domains/users.test").status() == 404) {
            admin.post("/api/admin/domains", Map.of("name", "users.test")).expect(201);
        }
    }

    @Test
    void userLifecycle() {
        var created = admin.post("/api/admin/users", Map.of("address", "Alice@Users.test", "password", "S3cret-pass"))
                .expect(201).json();
        assertThat(created.get("address").asString()).isEqualTo("Alice@users.test");
        assertThat(created.get("state").asString()).isEqualTo("ACTIVE");
        assertThat(created.has("passwordHash")).isFalse();
        assertThat(created.toString()).doesNotContain("argon2").doesNotContain("S3cret");

        admin.get("/api/admin/users/alice@users.test").expect(200);
        assertThat(admin.get("/api/admin/users?domain=users.test").json().findValuesAsString("address"))
                .contains("Alice@users.test");
        assertThat(admin.post("/api/admin/users/ALICE@users.test/suspend").expect(200).json().get("state").asString())
                .isEqualTo("SUSPENDED");
        assertThat(admin.post("/api/admin/users/alice@users.test/resume").expect(200).json().get("state").asString())
                .isEqualTo("ACTIVE");
        admin.put("/api/admin/users/alice@users.test/password", Map.of("password", "another-pass")).expect(204);
        admin.put("/api/admin/users/alice@users.test/password", Map.of("password", "short")).expect(400);
        admin.put("/api/admin/users/alice@users.test/quota", Map.of("maxBytes", 5_000_000)).expect(200);
        assertThat(admin.get("/api/admin/users/alice@users.test/quota").json().get("maxBytes").asLong())
                .isEqualTo(5_000_000);
        admin.delete("/api/admin/users/alice@users.test").expect(204);
        admin.get("/api/admin/users/alice@users.test").expectProblem(404, "unknown-user");
    }

    @Test
    void userErrors() {
        admin.post("/api/admin/users", Map.of("address", "bob@users.test", "password", "S3cret-pass")).expect(201);
        admin.post("/api/admin/users", Map.of("address", "BOB@users.test", "password", "S3cret-pass"))
                .expectProblem(409, "duplicate");
        admin.post("/api/admin/users", Map.of("address", "no at sign", "password", "S3cret-pass"))
                .expectProblem(400, "invalid-address");
        admin.post("/api/admin/users", Map.of("address", "a..b@users.test", "password", "S3cret-pass"))
                .expectProblem(400, "invalid-address");
        admin.post("/api/admin/users", Map.of("address", "x@unknown-users.test", "password", "S3cret-pass"))
                .expectProblem(404, "unknown-domain");
        admin.post("/api/admin/users", Map.of("address", "carol@users.test")).expectProblem(400, "bad-request");
        admin.post("/api/admin/users", Map.of("address", "carol@users.test", "passwordHash", "md5:abc"))
                .expectProblem(400, "bad-request");
        admin.post("/api/admin/users", Map.of("address", "carol@users.test", "password", "short"))
                .expectProblem(400, "bad-request");
        admin.get("/api/admin/users/nobody@users.test").expectProblem(404, "unknown-user");
    }

    @Test
    void internationalizedAddressesAreAccepted() {
        admin.post("/api/admin/users", Map.of("address", "Jörg@users.test", "password", "S3cret-pass")).expect(201);
        admin.get("/api/admin/users/" + AdminHttp.path("jörg@users.test")).expect(200);
        admin.post("/api/admin/users", Map.of("address", "\"quoted.ok\"@users.test", "password", "S3cret-pass"))
                .expect(201).json().get("address").asString().equals("quoted.ok@users.test");
    }

    @Test
    void aliasAddressCannotAlsoBeAUser() {
        admin.post("/api/admin/aliases", Map.of("address", "taken@users.test", "targets", java.util.List.of("x@y.test")))
                .expect(201);
        admin.post("/api/admin/users", Map.of("address", "taken@users.test", "password", "S3cret-pass"))
                .expectProblem(409, "duplicate");
    }
}
