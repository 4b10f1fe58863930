package org.mailplatform.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.nimbusds.jose.jwk.ECKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One breaker per route: a service answering 5xx opens its route's breaker and the gateway then
 * answers 503 itself; an unreachable or slow service gets a clean problem detail too.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=" + GatewayApplication.NAME, "spring.main.web-application-type=reactive",
        "mail.gateway.breaker.sliding-window-size=4", "mail.gateway.breaker.minimum-number-of-calls=4",
        "mail.gateway.breaker.wait-in-open-state=60s",
        "spring.cloud.gateway.server.webflux.httpclient.response-timeout=700ms",
        "mail.gateway.limits.requests-per-second=1000", "mail.gateway.limits.burst=1000"})
class GatewayCircuitBreakerTest {

    static final StubService MAILBOX = new StubService();
    static final StubService JWKS = new StubService();
    static final TestTokens TOKENS = new TestTokens();
    static final ECKey KEY = TOKENS.publishNewKey("key-1");
    static final int CLOSED_PORT = closedPort();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        JWKS.behave(StubService.Behaviour.json(TOKENS.jwksJson()));
        registry.add("mail.gateway.auth-service-uri", () -> "http://127.0.0.1:" + CLOSED_PORT);
        registry.add("mail.gateway.mailbox-service-uri", () -> MAILBOX.uri().toString());
        registry.add("mail.gateway.jwks-uri", () -> JWKS.uri().toString());
    }

    @AfterAll
    static void stop() {
        MAILBOX.close();
        JWKS.close();
    }

    @Test
    void unreachableServiceGets503Problem() {
        HttpResponse<String> response = Http.send(Http.request(port, "/api/admin/token")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("upstream_unavailable").contains("admin-api");
    }

    @Test
    void failingServiceOpensItsBreakerAndIsNoLongerCalled() {
        String token = TestTokens.sign(KEY, "alice@example.org");
        MAILBOX.behave(StubService.Behaviour.slow(2000));
        HttpResponse<String> slow = Http.get(port, "/api/mail/slow", token);
        assertThat(slow.statusCode()).isEqualTo(504);
        assertThat(slow.body()).contains("upstream_timeout");

        MAILBOX.behave(StubService.Behaviour.status(500));
        for (int i = 0; i < 3; i++) {
            assertThat(Http.get(port, "/api/mail/mailboxes", token).statusCode()).as("the service's own 500 passes").isEqualTo(500);
        }
        int hitsWhenOpened = MAILBOX.hits();
        HttpResponse<String> refused = Http.get(port, "/api/mail/mailboxes", token);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.body()).contains("circuit_open").contains("\"status\":503");
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("60");
        assertThat(MAILBOX.hits()).as("an open breaker does not call the service").isEqualTo(hitsWhenOpened);

        String metrics = Http.get(port, "/actuator/prometheus", null).body();
        assertThat(metrics).containsPattern("resilience4j_circuitbreaker_state\\{[^}]*name=\"mail-api\"[^}]*state=\"open\"[^}]*} 1\\.0");
        assertThat(metrics).containsPattern("mail_gateway_rejected_total\\{[^}]*reason=\"circuit_open\"");
    }

    @Test
    void openApiWithoutAnyReachableSourceIs503Problem() {
        MAILBOX.behaveAt("/api/mail/openapi.yaml", StubService.Behaviour.status(500));
        HttpResponse<String> response = Http.get(port, "/api/openapi.yaml", null);
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("openapi_unavailable");
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
