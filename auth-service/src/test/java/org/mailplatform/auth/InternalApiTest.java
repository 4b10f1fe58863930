package org.mailplatform.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mailplatform.directory.client.wire.DirectoryApi;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import tools.jackson.databind.JsonNode;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InternalApiTest extends AuthServiceTestBase {

    AdminHttp admin;

    @BeforeAll
    void directory() {
        admin = platformAdmin();
        admin.post("/api/admin/domains", Map.of("name", "internal.test")).expect(201);
        admin.post("/api/admin/domains", Map.of("name", "internal-alias.test", "aliasOf", "internal.test")).expect(201);
        admin.post("/api/admin/domains", Map.of("name", "catchall.test")).expect(201);
        admin.post("/api/admin/users", Map.of("address", "Alice@internal.test", "password", "S3cret-pass")).expect(201);
        admin.post("/api/admin/users", Map.of("address", "bob@internal.test", "password", "S3cret-pass")).expect(201);
        admin.post("/api/admin/users", Map.of("address", "boss@catchall.test", "password", "S3cret-pass")).expect(201);
        admin.post("/api/admin/aliases", Map.of("address", "team@internal.test", "targets",
                List.of("alice@internal.test", "list@internal.test", "friend@remote.test"))).expect(201);
        admin.post("/api/admin/aliases", Map.of("address", "list@internal.test", "targets",
                List.of("bob@internal.test", "team@internal.test"))).expect(201);
        admin.put("/api/admin/domains/catchall.test/catch-all", Map.of("targets", List.of("boss@catchall.test")))
                .expect(200);
    }

    JsonNode resolve(String address) {
        return internal(DirectoryApi.RESOLVE_PATH, Map.of("address", address)).expect(200).json();
    }

    JsonNode authenticate(String login, String secret, String protocol) {
        return internal(DirectoryApi.AUTHENTICATE_PATH,
                Map.of("login", login, "secret", secret, "protocol", protocol, "clientAddress", "192.0.2.10"))
                .expect(200).json();
    }

    AdminHttp.Reply internal(String path, Object body) {
        return AdminHttp.service(port, SERVICE_TOKEN).post(path, body);
    }

    @Test
    void resolvesUsersCaseInsensitivelyAndThroughDomainAliases() {
        JsonNode user = resolve("ALICE@Internal.TEST");
        assertThat(user.get("outcome").asString()).isEqualTo("LOCAL_USER");
        assertThat(user.get("principal").get("address").asString()).isEqualTo("Alice@internal.test");
        assertThat(user.get("principal").get("tenantId").asString()).isEqualTo("default");
        assertThat(resolve("alice@internal-alias.test").get("principal").get("userId"))
                .isEqualTo(user.get("principal").get("userId"));
        assertThat(resolve("alice+news@internal.test").get("outcome").asString()).isEqualTo("LOCAL_USER");
    }

    @Test
    void expandsAliasesRecursivelyAndCutsLoops() {
        JsonNode team = resolve("team@internal.test");
        assertThat(team.get("outcome").asString()).isEqualTo("EXPANDED");
        assertThat(team.get("targets").valueStream().map(JsonNode::asString).toList())
                .containsExactly("Alice@internal.test", "bob@internal.test", "friend@remote.test");
    }

    @Test
    void unknownAndForeignAndCatchAll() {
        assertThat(resolve("nobody@internal.test").get("outcome").asString()).isEqualTo("UNKNOWN_USER");
        assertThat(resolve("someone@elsewhere.test").get("outcome").asString()).isEqualTo("NOT_LOCAL_DOMAIN");
        assertThat(resolve("someone@[192.0.2.1]").get("outcome").asString()).isEqualTo("NOT_LOCAL_DOMAIN");
        assertThat(resolve("not an address").get("outcome").asString()).isEqualTo("UNKNOWN_USER");
        JsonNode caught = resolve("whoever@catchall.test");
        assertThat(caught.get("outcome").asString()).isEqualTo("EXPANDED");
        assertThat(caught.get("targets").get(0).asString()).isEqualTo("boss@catchall.test");
    }

    @Test
    void authenticatesWithPasswordAndRefusesWrongOnes() {
        JsonNode ok = authenticate("alice@INTERNAL.test", "S3cret-pass", "IMAP");
        assertThat(ok.get("outcome").asString()).isEqualTo("AUTHENTICATED");
        assertThat(ok.get("principal").get("address").asString()).isEqualTo("Alice@internal.test");
        assertThat(authenticate("alice@internal-alias.test", "S3cret-pass", "POP3").get("outcome").asString())
                .isEqualTo("AUTHENTICATED");
        assertThat(authenticate("bob@internal.test", "wrong", "IMAP").get("reason").asString())
                .isEqualTo("BAD_CREDENTIALS");
        assertThat(authenticate("ghost@internal.test", "wrong", "IMAP").get("reason").asString())
                .isEqualTo("BAD_CREDENTIALS");
    }

    @Test
    void suspendedUserIsRefusedButStillResolves() {
        admin.post("/api/admin/users", Map.of("address", "sleepy@internal.test", "password", "S3cret-pass")).expect(201);
        admin.post("/api/admin/users/sleepy@internal.test/suspend").expect(200);
        assertThat(authenticate("sleepy@internal.test", "S3cret-pass", "IMAP").get("reason").asString())
                .isEqualTo("SUSPENDED");
        assertThat(resolve("sleepy@internal.test").get("outcome").asString()).isEqualTo("LOCAL_USER");
        admin.post("/api/admin/users/sleepy@internal.test/resume").expect(200);
        assertThat(authenticate("sleepy@internal.test", "S3cret-pass", "IMAP").get("outcome").asString())
                .isEqualTo("AUTHENTICATED");
    }

    @Test
    void appPasswordWorksOnlyForItsProtocolsUntilRevoked() {
        String secret = admin.post("/api/admin/users/bob@internal.test/app-passwords",
                Map.of("name", "mail app", "protocols", List.of("IMAP"))).expect(201).json().get("password").asString();
        assertThat(authenticate("bob@internal.test", secret, "IMAP").get("outcome").asString())
                .isEqualTo("AUTHENTICATED");
        assertThat(authenticate("bob@internal.test", secret, "SMTP").get("reason").asString())
                .isEqualTo("BAD_CREDENTIALS");
        assertThat(admin.get("/api/admin/users/bob@internal.test/app-passwords").json().get(0).get("lastUsedAt").isNull())
                .isFalse();
        admin.delete("/api/admin/users/bob@internal.test/app-passwords/" + AdminHttp.path("mail app")).expect(204);
        assertThat(authenticate("bob@internal.test", secret, "IMAP").get("reason").asString())
                .isEqualTo("BAD_CREDENTIALS");
    }

    @Test
    void importedBcryptHashIsReplacedByArgon2idAtLogin() {
        String bcrypt = new BCryptPasswordEncoder(4).encode("legacy-pass");
        admin.post("/api/admin/users", Map.of("address", "legacy@internal.test", "passwordHash", bcrypt)).expect(201);
        assertThat(authenticate("legacy@internal.test", "legacy-pass", "IMAP").get("outcome").asString())
                .isEqualTo("AUTHENTICATED");
        assertThat(storedHash("legacy@internal.test")).startsWith("$argon2id$");
        assertThat(authenticate("legacy@internal.test", "legacy-pass", "IMAP").get("outcome").asString())
                .isEqualTo("AUTHENTICATED");
    }

    @Autowired
    org.mailplatform.auth.user.UserRepository users;

    String storedHash(String addressKey) {
        return users.findByAddressKey(addressKey).orElseThrow().passwordHash();
    }

    @Test
    void internalApiNeedsTheServiceToken() {
        AdminHttp.service(port, null).post(DirectoryApi.RESOLVE_PATH, Map.of("address", "alice@internal.test"))
                .expectProblem(401, "unauthorized");
        AdminHttp.service(port, "wrong").post(DirectoryApi.RESOLVE_PATH, Map.of("address", "alice@internal.test"))
                .expectProblem(401, "unauthorized");
    }
}
