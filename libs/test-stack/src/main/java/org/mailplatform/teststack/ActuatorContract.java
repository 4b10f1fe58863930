package org.mailplatform.teststack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * What every service of the platform answers over HTTP: health with liveness and readiness groups,
 * Prometheus metrics tagged with the application name, and every metric {@code docs/metrics.md}
 * lists as in code for the service. A service's test implements it (or extends
 * {@link ServiceActuatorTest}).
 */
public interface ActuatorContract {

    /** Port of the service's HTTP (management) server. */
    int httpPort();

    /** The service's {@code spring.application.name}. */
    String applicationName();

    /**
     * The service's key in the {@code services} column of {@code docs/metrics.md}: the application
     * name without {@code -service} or {@code -ingress} ({@code auth}, {@code smtp}, ...).
     */
    default String metricsKey() {
        return applicationName().replaceFirst("-(service|ingress)$", "");
    }

    /**
     * Uses the service a little (a session, a request, a delivered message) so that the metrics
     * that only exist once something happened are there; called before the documented metrics are
     * checked. Nothing by default.
     */
    default void exerciseForMetrics() throws Exception {
    }

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

    @Test
    default void everyMetricDocumentedForTheServiceIsExposed() throws Exception {
        List<String> documented = MetricsReference.load().inCodeFor(metricsKey());
        assertFalse(documented.isEmpty(), "docs/metrics.md documents nothing for " + metricsKey());
        exerciseForMetrics();
        get("/actuator/health"); // at least one HTTP request has been timed before the scrape
        HttpResponse<String> response = get("/actuator/prometheus");
        assertEquals(200, response.statusCode());
        List<String> missing = documented.stream().filter(n -> !MetricsReference.exposes(response.body(), n)).toList();
        assertTrue(missing.isEmpty(), "documented in docs/metrics.md for " + metricsKey()
                + " but not on /actuator/prometheus: " + missing);
        List<String> withoutBuckets = MetricsReference.load().histogramsFor(metricsKey()).stream()
                .filter(n -> !MetricsReference.exposes(response.body(), n + "_bucket")).toList();
        assertTrue(withoutBuckets.isEmpty(), "documented as histograms in docs/metrics.md for " + metricsKey()
                + " but without _bucket series: " + withoutBuckets);
    }

    /**
     * The MongoDB driver's per-command timers stay off unless an operator turns them on: any command
     * listener makes the driver build a document of every command and reply (docs/metrics.md).
     */
    @Test
    default void mongoDriverCommandsAreNotTimedByDefault() throws Exception {
        exerciseForMetrics();
        HttpResponse<String> response = get("/actuator/prometheus");
        assertEquals(200, response.statusCode());
        assertFalse(MetricsReference.exposes(response.body(), "mongodb_driver_commands_seconds"),
                "per-command MongoDB timers are on by default");
    }

    /** GETs a path of the service's HTTP server. */
    default HttpResponse<String> get(String path) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort() + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
