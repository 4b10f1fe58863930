package org.mailplatform.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.PortInUseException;

/**
 * The internal ports are picked before the services bind them; another socket that takes one in
 * between fails that service's start, and the platform then starts its services again on fresh
 * ports.
 */
class InternalPortTakenTest {

    static {
        // as StandaloneMain does: one logging configuration for all the contexts in the JVM
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
    }

    @TempDir
    Path dataDir;

    @Test
    void servicesStartOnFreshPortsWhenAnotherSocketTookOne() throws Exception {
        StandaloneConfig config = new StandaloneConfig(dataDir, "127.0.0.1", StandaloneConfig.Ports.anyFree(), Optional.empty());
        try (ServerSocket taken = new ServerSocket(InternalPorts.pick(), 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger picks = new AtomicInteger();
            // the first port picked is auth-service's
            IntSupplier internalPort = () -> picks.getAndIncrement() == 0 ? taken.getLocalPort() : InternalPorts.pick();

            try (Platform platform = Platform.start(config, internalPort)) {
                assertThat(picks).as("a second set of internal ports").hasValue(6);
                assertThat(platform.httpPort("auth-service")).isNotEqualTo(taken.getLocalPort());
                // the gateway routes to the auth-service of the second start, which signs the admin in
                String admin = Files.readString(dataDir.resolve("admin-password")).strip();
                HttpResponse<String> login = post(platform.httpPort("gateway"), "/api/admin/token",
                        "{\"username\":\"admin\",\"password\":\"" + admin + "\"}");
                assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
                assertThat(login.body()).contains("token");
            }
        }
    }

    @Test
    void findsThePortInUseAmongTheServicesFailures() {
        IllegalStateException failure = new IllegalStateException("a service failed to start",
                new IllegalStateException("gateway is down"));
        failure.addSuppressed(new RuntimeException("context failed", new PortInUseException(17001)));
        assertThat(Platform.portInUse(failure)).hasValue(17001);
        assertThat(Platform.portInUse(new IllegalStateException("no port"))).isEmpty();
    }

    private static HttpResponse<String> post(int port, String path, String json) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
