package org.mailplatform.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small admin API client for tests: JSON in, status and JSON out. */
public final class AdminHttp {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    /** One response: status, body as JSON (or null), content type. */
    public record Reply(int status, JsonNode json, String contentType, String body) {
        public Reply expect(int expected) {
            assertThat(status).as(body).isEqualTo(expected);
            return this;
        }

        /** Asserts an RFC 9457 problem with this status and type suffix. */
        public Reply expectProblem(int expected, String type) {
            expect(expected);
            assertThat(contentType).startsWith("application/problem+json");
            assertThat(json.get("type").asString()).isEqualTo("urn:mailplatform:problem:" + type);
            assertThat(json.get("status").asInt()).isEqualTo(expected);
            return this;
        }
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final int port;
    private final String header;
    private final String value;
    private final String forwardedFor;

    /** An admin client with this bearer token (or none). */
    public AdminHttp(int port, String token) {
        this(port, "Authorization", token == null ? null : "Bearer " + token);
    }

    private AdminHttp(int port, String header, String value) {
        this(port, header, value, null);
    }

    private AdminHttp(int port, String header, String value, String forwardedFor) {
        this.port = port;
        this.header = header;
        this.value = value;
        this.forwardedFor = forwardedFor;
    }

    /**
     * The same client, seen by the service as coming from this address (the service trusts the
     * last {@code X-Forwarded-For} hop from a loopback peer), so that tests making failed logins
     * do not lock out 127.0.0.1 for the other test classes.
     */
    public AdminHttp from(String clientAddress) {
        return new AdminHttp(port, header, value, clientAddress);
    }

    /** A client of the internal API with this service token (or none). */
    public static AdminHttp service(int port, String serviceToken) {
        return new AdminHttp(port, org.mailplatform.directory.client.wire.DirectoryApi.SERVICE_TOKEN_HEADER, serviceToken);
    }

    public static AdminHttp login(int port, String username, String password) {
        Reply reply = new AdminHttp(port, null).post("/api/admin/token",
                JSON.createObjectNode().put("username", username).put("password", password)).expect(200);
        return new AdminHttp(port, reply.json().get("access_token").asString());
    }

    public static String path(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public Reply get(String path) {
        return send(request(path).GET());
    }

    public Reply delete(String path) {
        return send(request(path).DELETE());
    }

    public Reply post(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json").POST(bodyOf(body)));
    }

    public Reply put(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json").PUT(bodyOf(body)));
    }

    public Reply post(String path) {
        return send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (value != null) {
            builder.header(header, value);
        }
        if (forwardedFor != null) {
            builder.header("X-Forwarded-For", forwardedFor);
        }
        return builder;
    }

    private static HttpRequest.BodyPublisher bodyOf(Object body) {
        return HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body));
    }

    private static Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            JsonNode json = response.body().isEmpty() || !contentType.contains("json") ? null
                    : JSON.readTree(response.body());
            return new Reply(response.statusCode(), json, contentType, response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
