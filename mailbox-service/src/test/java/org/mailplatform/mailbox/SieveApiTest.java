package org.mailplatform.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.mailplatform.model.Principal;
import org.mailplatform.store.sieve.SieveScripts;
import org.springframework.beans.factory.annotation.Autowired;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code /api/mail/sieve/...}: a user's own Sieve scripts, and an admin's for a user. */
class SieveApiTest extends AdminApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String FILEINTO = "require \"fileinto\";\nif header :contains \"subject\" \"[list]\" {\n"
            + "  fileinto \"Lists\";\n}\n";

    @Autowired
    SieveScripts scripts;

    static Principal newUser() {
        String id = UUID.randomUUID().toString().substring(0, 8);
        return new Principal("tenant-" + id, "user-" + id, id + "@example.com");
    }

    HttpResponse<String> call(String method, String path, String contentType, byte[] body, String token)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> putScript(String path, String script, String token) throws Exception {
        return call("PUT", path, "text/plain; charset=utf-8", script.getBytes(StandardCharsets.UTF_8), token);
    }

    HttpResponse<String> json(String method, String path, String body, String token) throws Exception {
        return call(method, path, "application/json", body.getBytes(StandardCharsets.UTF_8), token);
    }

    HttpResponse<String> get(String path, String token) throws Exception {
        return call("GET", path, null, null, token);
    }

    @Test
    void aUserStoresListsReadsActivatesRenamesAndDeletesTheirScripts() throws Exception {
        Principal alice = newUser();
        String token = TestTokens.user(alice);

        HttpResponse<String> stored = putScript("/api/mail/sieve/scripts/Ferien%20s%C3%BC%C3%9F", FILEINTO, token);
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
        JsonNode view = JSON.readTree(stored.body());
        assertThat(view.get("name").asString()).isEqualTo("Ferien süß");
        assertThat(view.get("active").asBoolean()).isFalse();
        assertThat(view.get("size").asLong()).isEqualTo(FILEINTO.getBytes(StandardCharsets.UTF_8).length);
        assertThat(view.get("updatedAt").asString()).isNotBlank();
        assertThat(putScript("/api/mail/sieve/scripts/second", "keep;", token).statusCode()).isEqualTo(200);

        HttpResponse<String> text = get("/api/mail/sieve/scripts/Ferien%20s%C3%BC%C3%9F", token);
        assertThat(text.statusCode()).isEqualTo(200);
        assertThat(text.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain")
                .containsIgnoringCase("charset=UTF-8");
        assertThat(text.body()).isEqualTo(FILEINTO);
        assertThat(get("/api/mail/sieve/scripts/none", token).statusCode()).isEqualTo(404);

        HttpResponse<String> activated = json("PUT", "/api/mail/sieve/active", "{\"name\":\"second\"}", token);
        assertThat(activated.statusCode()).as(activated.body()).isEqualTo(200);
        assertThat(scripts.active(alice).orElseThrow().name()).isEqualTo("second");
        assertThat(json("PUT", "/api/mail/sieve/active", "{\"name\":\"none\"}", token).statusCode()).isEqualTo(404);

        HttpResponse<String> activeDelete = call("DELETE", "/api/mail/sieve/scripts/second", null, null, token);
        assertThat(activeDelete.statusCode()).isEqualTo(409);
        assertThat(activeDelete.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(JSON.readTree(activeDelete.body()).get("detail").asString()).contains("active");

        HttpResponse<String> renamed = json("POST", "/api/mail/sieve/scripts/second/rename", "{\"name\":\"main\"}", token);
        assertThat(renamed.statusCode()).as(renamed.body()).isEqualTo(200);
        assertThat(JSON.readTree(renamed.body()).get("active").asBoolean()).as("still active").isTrue();
        assertThat(json("POST", "/api/mail/sieve/scripts/main/rename", "{\"name\":\"Ferien süß\"}", token)
                .statusCode()).as("the name exists").isEqualTo(409);
        assertThat(json("POST", "/api/mail/sieve/scripts/none/rename", "{\"name\":\"x\"}", token).statusCode())
                .isEqualTo(404);

        JsonNode list = JSON.readTree(get("/api/mail/sieve/scripts", token).body());
        assertThat(list.findValuesAsString("name")).containsExactly("Ferien süß", "main");
        assertThat(list.get(1).get("active").asBoolean()).isTrue();
        assertThat(list.get(1).has("content")).as("a listing carries no contents").isFalse();

        assertThat(call("PUT", "/api/mail/sieve/active", "application/json", "null".getBytes(StandardCharsets.UTF_8),
                token).statusCode()).isEqualTo(200);
        assertThat(scripts.active(alice)).isEmpty();
        assertThat(json("PUT", "/api/mail/sieve/active", "{\"name\":null}", token).statusCode()).isEqualTo(200);
        assertThat(call("DELETE", "/api/mail/sieve/scripts/main", null, null, token).statusCode()).isEqualTo(204);
        assertThat(call("DELETE", "/api/mail/sieve/scripts/main", null, null, token).statusCode()).isEqualTo(404);
        assertThat(scripts.list(alice)).hasSize(1);
    }

    @Test
    void aScriptThatDoesNotCompileOrBreaksALimitOrANameRuleIsRefused() throws Exception {
        Principal bob = newUser();
        String token = TestTokens.user(bob);

        HttpResponse<String> broken = putScript("/api/mail/sieve/scripts/broken", "if true { keep", token);
        assertThat(broken.statusCode()).isEqualTo(400);
        JsonNode problem = JSON.readTree(broken.body());
        assertThat(problem.get("title").asString()).isEqualTo("The Sieve script does not compile");
        assertThat(problem.get("detail").asString()).isNotBlank();
        assertThat(putScript("/api/mail/sieve/scripts/unknown", "require \"include\";\ninclude \"other\";", token)
                .statusCode()).as("an extension not offered").isEqualTo(400);

        HttpResponse<String> large = putScript("/api/mail/sieve/scripts/large", "#" + "x".repeat(64 * 1024) + "\n",
                token);
        assertThat(large.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(large.body()).get("detail").asString()).contains("65536");

        assertThat(call("PUT", "/api/mail/sieve/scripts/latin1", "text/plain", new byte[] {'#', (byte) 0xE9, '\n'},
                token).statusCode()).as("not UTF-8").isEqualTo(400);
        assertThat(call("PUT", "/api/mail/sieve/scripts/json", "application/json", "{}".getBytes(StandardCharsets.UTF_8),
                token).statusCode()).isEqualTo(415);
        assertThat(putScript("/api/mail/sieve/scripts/tab%09name", "keep;", token).statusCode()).isEqualTo(400);
        assertThat(putScript("/api/mail/sieve/scripts/" + "n".repeat(129), "keep;", token).statusCode()).isEqualTo(400);
        assertThat(json("POST", "/api/mail/sieve/scripts/x/rename", "{}", token).statusCode()).isEqualTo(400);

        for (int i = 0; i < 20; i++) {
            assertThat(putScript("/api/mail/sieve/scripts/s" + i, "keep;", token).statusCode()).isEqualTo(200);
        }
        HttpResponse<String> tooMany = putScript("/api/mail/sieve/scripts/s20", "keep;", token);
        assertThat(tooMany.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(tooMany.body()).get("detail").asString()).contains("20 scripts");
        assertThat(putScript("/api/mail/sieve/scripts/s19", "discard;", token).statusCode()).as("replacing")
                .isEqualTo(200);
        assertThat(scripts.list(bob)).hasSize(20);
    }

    @Test
    void anAdminActsForAUserOfTheirTenantOnly() throws Exception {
        Principal carol = newUser();
        Principal twin = new Principal("other-" + carol.tenantId(), carol.userId(), carol.address());
        String base = "/api/mail/users/" + carol.userId() + "/sieve";
        String tenantAdmin = TestTokens.admin("TENANT", carol.tenantId());

        assertThat(putScript(base + "/scripts/main", "keep;", tenantAdmin).statusCode()).isEqualTo(200);
        assertThat(json("PUT", base + "/active", "{\"name\":\"main\"}", tenantAdmin).statusCode()).isEqualTo(200);
        String platform = TestTokens.admin("PLATFORM", null);
        HttpResponse<String> listed = get(base + "/scripts?tenant=" + carol.tenantId(), platform);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(listed.body()).get(0).get("active").asBoolean()).isTrue();
        assertThat(get(base + "/scripts/main?tenant=" + carol.tenantId(), platform).body()).isEqualTo("keep;");
        assertThat(scripts.active(carol).orElseThrow().name()).isEqualTo("main");
        assertThat(scripts.list(twin)).as("same user id, another tenant").isEmpty();
        assertThat(get("/api/mail/sieve/scripts", TestTokens.user(twin)).body()).isEqualTo("[]");

        assertThat(get(base + "/scripts", null).statusCode()).isEqualTo(401);
        assertThat(get(base + "/scripts", TestTokens.user(carol)).statusCode()).as("a user's token").isEqualTo(403);
        assertThat(get(base + "/scripts?tenant=" + carol.tenantId(), TestTokens.admin("TENANT", "other-tenant"))
                .statusCode()).isEqualTo(403);
        assertThat(get(base + "/scripts", platform).statusCode()).as("no ?tenant=").isEqualTo(400);
        assertThat(get("/api/mail/sieve/scripts", tenantAdmin).statusCode()).as("admins name the user").isEqualTo(400);
    }
}
