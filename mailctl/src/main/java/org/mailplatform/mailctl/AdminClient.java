package org.mailplatform.mailctl;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin REST API as mailctl uses it: obtains a token with the admin credentials on first use,
 * then sends JSON and returns JSON. Any answer other than 2xx becomes an {@link ApiException}
 * carrying the server's problem detail.
 */
final class AdminClient implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String username;
    private final String password;
    private String token;

    AdminClient(URI base, String username, String password) {
        this.base = base;
        this.username = username;
        this.password = password;
    }

    /** Percent-encodes one path segment (addresses may hold '+', '/', UTF-8). */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    JsonNode get(String path) {
        return send("GET", path, null);
    }

    JsonNode post(String path, Object body) {
        return send("POST", path, body);
    }

    JsonNode put(String path, Object body) {
        return send("PUT", path, body);
    }

    JsonNode delete(String path) {
        return send("DELETE", path, null);
    }

    private JsonNode send(String method, String path, Object body) {
        return exchange(method, path, body, "Bearer " + token());
    }

    private String token() {
        if (token == null) {
            if (password == null || password.isEmpty()) {
                throw new IllegalArgumentException("no admin password: set MAIL_ADMIN_PASSWORD or use --password-file");
            }
            JsonNode answer = exchange("POST", "/api/admin/token",
                    JSON.createObjectNode().put("username", username).put("password", password), null);
            token = answer.get("access_token").asString();
        }
        return token;
    }

    private JsonNode exchange(String method, String path, Object body, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ApiException(0, "cannot reach " + base + ": " + (e.getMessage() == null ? e : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(0, "interrupted");
        }
        JsonNode json = parse(response.body());
        if (response.statusCode() / 100 != 2) {
            throw ApiException.from(response.statusCode(), json, response.body());
        }
        return json;
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return JSON.nullNode();
        }
        try {
            return JSON.readTree(body);
        } catch (JacksonException e) {
            return JSON.getNodeFactory().textNode(body);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
