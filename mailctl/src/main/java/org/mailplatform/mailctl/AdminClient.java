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

    /** A text answer (a Sieve script), not JSON; a refusal still becomes an {@link ApiException}. */
    String getText(String path) {
        HttpRequest.Builder request = request("GET", path, "Bearer " + token(), "text/plain, application/problem+json")
                .method("GET", HttpRequest.BodyPublishers.noBody());
        return answer(request).body();
    }

    /** Sends {@code text} as {@code text/plain; charset=UTF-8} (a Sieve script); the answer is JSON. */
    JsonNode putText(String path, String text) {
        HttpRequest.Builder request = request("PUT", path, "Bearer " + token(), "application/json")
                .header("Content-Type", "text/plain; charset=UTF-8")
                .method("PUT", HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8));
        return parse(answer(request).body());
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
        HttpRequest.Builder request = request(method, path, authorization, "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return parse(answer(request).body());
    }

    private HttpRequest.Builder request(String method, String path, String authorization, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Accept", accept);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request;
    }

    /** The 2xx answer; anything else becomes an {@link ApiException} with the server's problem detail. */
    private HttpResponse<String> answer(HttpRequest.Builder request) {
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ApiException(0, "cannot reach " + base + ": " + (e.getMessage() == null ? e : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(0, "interrupted");
        }
        if (response.statusCode() / 100 != 2) {
            throw ApiException.from(response.statusCode(), parse(response.body()), response.body());
        }
        return response;
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
