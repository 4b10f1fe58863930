package org.mailplatform.teststack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

/**
 * What every service of the platform answers over HTTP: health with liveness and readiness groups,
 * and Prometheus metrics tagged with the application name. A service's test implements it.
 */
public interface ActuatorContract {

    /** Port of the service's HTTP (management) server. */
    int httpPort();

    /** The service's {@code spring.application.name}. */
    String applicationName();

    @Test
    default void healthIsUp() throws Exception {
        HttpResponse<String> response = get("/actuator/health");
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"status\":\"UP\""), response.body());
    }

    @Test
    default void livenessAndReadinessProbesAreUp() throws Exception {
        assertEquals(200, get("/actuator/health/liveness").statusCode());
        assertEquals(200, get("/actuator/health/readiness").statusCode());
    }

    @Test
    default void prometheusMetricsCarryTheApplicationTag() throws Exception {
        HttpResponse<String> response = get("/actuator/prometheus");
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("jvm_memory_used_bytes"), "JVM metrics missing");
        assertTrue(response.body().contains("application=\"" + applicationName() + "\""), "application tag missing");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort() + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
