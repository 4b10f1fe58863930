package org.mailplatform.directory.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.mailplatform.directory.client.wire.DirectoryApi;

import io.github.resilience4j.timelimiter.TimeLimiter;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** JSON over HTTP to auth-service with the service token: one POST, one typed answer. */
final class DirectoryTransport implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder()
            .configure(tools.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false).build();

    private final HttpClient http;
    private final URI baseUrl;
    private final String serviceToken;

    DirectoryTransport(DirectoryClientSettings settings) {
        this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1).build();
        this.baseUrl = settings.baseUrl();
        this.serviceToken = settings.serviceToken();
    }

    /** Posts {@code body} and parses the answer, cancelling the exchange when the limiter fires. */
    <T> T post(String path, Object body, Class<T> answer, TimeLimiter limiter) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(baseUrl.resolve(path))
                .timeout(limiter.getTimeLimiterConfig().getTimeoutDuration().multipliedBy(2))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .header(DirectoryApi.SERVICE_TOKEN_HEADER, serviceToken)
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
        HttpResponse<byte[]> response;
        try {
            response = limiter.executeFutureSupplier(
                    () -> (CompletableFuture<HttpResponse<byte[]>>) http.sendAsync(request,
                            HttpResponse.BodyHandlers.ofByteArray()));
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        int status = response.statusCode();
        if (status == 200) {
            try {
                return JSON.readValue(response.body(), answer);
            } catch (JacksonException e) {
                throw new DirectoryCallException("directory answered unreadable JSON", false);
            }
        }
        if (status == 401 || status == 403) {
            throw new DirectoryCallException("directory refused the service token (HTTP " + status + ")", false);
        }
        throw new DirectoryCallException("directory answered HTTP " + status, status >= 500 || status == 429);
    }

    @Override
    public void close() {
        http.close();
    }
}
