package org.mailplatform.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.nimbusds.jose.jwk.ECKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Per-client rate limit, request size limits and CORS for listed origins, in front of real services. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=" + GatewayApplication.NAME, "spring.main.web-application-type=reactive",
        "mail.gateway.limits.requests-per-second=0.5", "mail.gateway.limits.burst=3",
        "mail.gateway.limits.max-request-body=4KB",
        "mail.gateway.cors.allowed-origins[0]=https://webmail.example.org"})
class GatewayLimitsTest {

    static final StubService SERVICE = new StubService();
    static final StubService JWKS = new StubService();
    static final TestTokens TOKENS = new TestTokens();
    static final ECKey KEY = TOKENS.publishNewKey("key-1");

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        JWKS.behave(StubService.Behaviour.json(TOKENS.jwksJson()));
        registry.add("mail.gateway.auth-service-uri", () -> SERVICE.uri().toString());
        registry.add("mail.gateway.mailbox-service-uri", () -> SERVICE.uri().toString());
        registry.add("mail.gateway.jwks-uri", () -> JWKS.uri().toString());
    }

    @AfterAll
    static void stop() {
        SERVICE.close();
        JWKS.close();
    }

    @Test
    void aClientAboveItsRateGets429WithRetryAfterWhileOthersGoOn() {
        String alice = TestTokens.sign(KEY, "alice@example.org");
        for (int i = 0; i < 3; i++) {
            assertThat(Http.get(port, "/api/mail/mailboxes", alice).statusCode()).as("request %d of the burst", i + 1).isEqualTo(200);
        }
        HttpResponse<String> refused = Http.get(port, "/api/mail/mailboxes", alice);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isBetween(1, 2));
        assertThat(refused.body()).contains("rate_limited").contains("\"status\":429");

        String bob = TestTokens.sign(KEY, "bob@example.org");
        assertThat(Http.get(port, "/api/mail/mailboxes", bob).statusCode()).isEqualTo(200);
    }

    @Test
    void bodyDeclaredLargerThanTheLimitGets413WithoutReachingTheService() {
        int before = SERVICE.hits();
        HttpResponse<String> response = Http.send(Http.request(port, "/api/mail/messages")
                .header("Authorization", "Bearer " + TestTokens.sign(KEY, "carol@example.org"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[5000])).build());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("request_too_large");
        assertThat(SERVICE.hits()).isEqualTo(before);
    }

    @Test
    void chunkedBodyGrowingPastTheLimitGets413() {
        HttpResponse<String> response = Http.send(Http.request(port, "/api/mail/messages")
                .header("Authorization", "Bearer " + TestTokens.sign(KEY, "dave@example.org"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[64 * 1024]))).build());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("request_too_large");
    }

    @Test
    void bodyWithinTheLimitPasses() {
        HttpResponse<String> response = Http.send(Http.request(port, "/api/mail/messages")
                .header("Authorization", "Bearer " + TestTokens.sign(KEY, "erin@example.org"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[3000]))).build());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"received\":3000");
    }

    @Test
    void oversizedHeadersAreRefused() {
        HttpResponse<String> response = Http.send(Http.request(port, "/api/mail/mailboxes")
                .header("X-Padding", "x".repeat(20 * 1024)).GET().build());
        assertThat(response.statusCode()).isEqualTo(431);
    }

    @Test
    void preflightFromAListedOriginIsAnsweredWithoutAToken() {
        HttpResponse<String> response = preflight("https://webmail.example.org");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://webmail.example.org");
        assertThat(response.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
    }

    @Test
    void preflightFromAnotherOriginIsRefused() {
        HttpResponse<String> response = preflight("https://evil.example");
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    private HttpResponse<String> preflight(String origin) {
        return Http.send(Http.request(port, "/api/mail/mailboxes").method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", "DELETE")
                .header("Access-Control-Request-Headers", "authorization").build());
    }
}
