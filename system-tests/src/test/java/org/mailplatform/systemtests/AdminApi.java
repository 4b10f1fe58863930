package org.mailplatform.systemtests;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin REST API through the gateway, as mailctl uses it: a token from
 * {@code POST /api/admin/token}, then JSON calls with it. {@link #call} returns any status, so
 * tests can check refusals; the other methods expect success.
 */
final class AdminApi {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One answer: status and body (JSON or empty). */
    record Answer(int status, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    private final String baseUrl;
    private final String token;

    private AdminApi(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    /** Logs in as {@code username} at the gateway {@code baseUrl}. */
    static AdminApi login(String baseUrl, String username, String password) {
        Answer answer = send(baseUrl, null, "POST", "/api/admin/token",
                Map.of("username", username, "password", password));
        if (answer.status() != 200) {
            throw new IllegalStateException("admin login of " + username + " refused: " + answer);
        }
        return new AdminApi(baseUrl, answer.json().get("access_token").asString());
    }

    /**
     * A mail user's client of the mail REST API: the same calls, with the token the user gets from
     * {@code POST /api/auth/token} with their address and password.
     */
    static AdminApi mailUser(String baseUrl, String address, String password) {
        Answer answer = send(baseUrl, null, "POST", "/api/auth/token", Map.of("username", address, "password", password));
        if (answer.status() != 200) {
            throw new IllegalStateException("user token for " + address + " refused: " + answer);
        }
        return new AdminApi(baseUrl, answer.json().get("access_token").asString());
    }

    /** {@code POST /api/auth/token} as it answers, refusals included. */
    static Answer userTokenAnswer(String baseUrl, String address, String password) {
        return send(baseUrl, null, "POST", "/api/auth/token", Map.of("username", address, "password", password));
    }

    /** The platform admin of the shared platform. */
    static AdminApi platformAdmin(PlatformProcesses platform) {
        return login(platform.gatewayUrl(), "admin", platform.adminPassword());
    }

    String token() {
        return token;
    }

    void tenant(String id) {
        ok(call("POST", "/api/admin/tenants", Map.of("id", id, "displayName", id)));
    }

    /** Creates a tenant admin of {@code tenant} and logs in as it. */
    AdminApi tenantAdmin(String tenant, String username, String password) {
        ok(call("POST", "/api/admin/tenants/" + tenant + "/admins", Map.of("username", username, "password", password)));
        return login(baseUrl, username, password);
    }

    void domain(String name, String tenant) {
        ok(call("POST", "/api/admin/domains", Map.of("name", name, "tenant", tenant)));
    }

    /** Creates a user and returns its id. */
    String user(String address, String password) {
        return ok(call("POST", "/api/admin/users", Map.of("address", address, "password", password))).json()
                .get("id").asString();
    }

    void alias(String address, List<String> targets) {
        ok(call("POST", "/api/admin/aliases", Map.of("address", address, "targets", targets)));
    }

    void catchAll(String domain, List<String> targets) {
        ok(call("PUT", "/api/admin/domains/" + domain + "/catch-all", Map.of("targets", targets)));
    }

    void userQuota(String address, long maxBytes, long maxMessages) {
        ok(call("PUT", "/api/admin/users/" + address + "/quota", Map.of("maxBytes", maxBytes, "maxMessages", maxMessages)));
    }

    void suspend(String address) {
        ok(call("POST", "/api/admin/users/" + address + "/suspend", null));
    }

    Answer get(String path) {
        return call("GET", path, null);
    }

    Answer call(String method, String path, Object body) {
        return send(baseUrl, token, method, path, body);
    }

    private static Answer ok(Answer answer) {
        if (answer.status() / 100 != 2) {
            throw new IllegalStateException("admin API refused: " + answer);
        }
        return answer;
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static Answer send(String baseUrl, String token, String method, String path, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
