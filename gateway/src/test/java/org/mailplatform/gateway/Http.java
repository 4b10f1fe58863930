package org.mailplatform.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;

/** A plain JDK HTTP client against the gateway under test. */
final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private Http() {
    }

    static HttpRequest.Builder request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    }

    static HttpResponse<String> get(int port, String path, String token) {
        HttpRequest.Builder b = request(port, path).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    /**
     * Sends with a deadline, so a request that gets no answer fails the test instead of holding the
     * build. Once (CI, 2026-12-05) the first request to a gateway that had just started was never
     * answered while the gateway had no request in flight; such a request is sent once more, on a
     * new connection, and a second silence fails.
     */
    static HttpResponse<String> send(HttpRequest request) {
        HttpRequest timed = HttpRequest.newBuilder(request, (name, value) -> true).timeout(TIMEOUT).build();
        try {
            try {
                return CLIENT.send(timed, HttpResponse.BodyHandlers.ofString());
            } catch (HttpTimeoutException unanswered) {
                try (HttpClient fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
                    return fresh.send(timed, HttpResponse.BodyHandlers.ofString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static final java.time.Duration TIMEOUT = java.time.Duration.ofSeconds(30);
}
