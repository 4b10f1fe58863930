package org.mailplatform.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;

import com.nimbusds.jose.jwk.ECKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailplatform.teststack.ActuatorContract;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Bearer tokens checked against auth-service's JWK set, served here by a real HTTP server; also
 * the platform's actuator contract and CORS being off with the default settings.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=" + GatewayApplication.NAME, "spring.main.web-application-type=reactive",
        "mail.gateway.jwks-refresh-min-interval=0s",
        "mail.gateway.limits.requests-per-second=1000", "mail.gateway.limits.burst=1000"})
class GatewayAuthenticationTest implements ActuatorContract {

    static final StubService AUTH = new StubService();
    static final StubService MAILBOX = new StubService();
    static final StubService DELIVERY = new StubService();
    static final StubService JWKS = new StubService();
    static final TestTokens TOKENS = new TestTokens();
    static final ECKey KEY = TOKENS.publishNewKey("key-1");

    @LocalServerPort
    int port;

    @Override
    public int httpPort() {
        return port;
    }

    @Override
    public String applicationName() {
        return GatewayApplication.NAME;
    }

    /** One request the gateway refuses itself and one it routes through a breaker. */
    @Override
    public void exerciseForMetrics() {
        Http.get(port, "/api/mail/mailboxes", null);
        Http.get(port, "/api/admin/domains", TestTokens.sign(KEY, "alice@example.org"));
    }

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("mail.gateway.auth-service-uri", () -> AUTH.uri().toString());
        registry.add("mail.gateway.mailbox-service-uri", () -> MAILBOX.uri().toString());
        registry.add("mail.gateway.delivery-service-uri", () -> DELIVERY.uri().toString());
        registry.add("mail.gateway.jwks-uri", () -> JWKS.uri() + "/api/admin/jwks");
    }

    @AfterAll
    static void stop() {
        AUTH.close();
        MAILBOX.close();
        DELIVERY.close();
        JWKS.close();
    }

    @BeforeEach
    void publishKeys() {
        JWKS.behave(StubService.Behaviour.json(TOKENS.jwksJson()));
    }

    @Test
    void requestWithoutTokenGets401ProblemWithBearerChallenge() {
        int before = MAILBOX.hits();
        HttpResponse<String> response = Http.get(port, "/api/mail/mailboxes", null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"status\":401").contains("missing_token");
        assertThat(MAILBOX.hits()).isEqualTo(before);
    }

    @Test
    void queueAdminPathsGoToDeliveryServiceAndTheOtherAdminPathsToAuthService() {
        String token = TestTokens.sign(KEY, "root");
        int delivery = DELIVERY.hits();
        int auth = AUTH.hits();
        assertThat(Http.get(port, "/api/admin/queue", token).statusCode()).isEqualTo(200);
        assertThat(Http.get(port, "/api/admin/queue/dlq?limit=5", token).statusCode()).isEqualTo(200);
        assertThat(DELIVERY.hits()).isEqualTo(delivery + 2);
        assertThat(DELIVERY.lastAuthorization()).isEqualTo("Bearer " + token);
        assertThat(Http.get(port, "/api/admin/queues", token).statusCode()).isEqualTo(200);
        assertThat(AUTH.hits()).as("only /api/admin/queue and below go to delivery-service").isEqualTo(auth + 1);
        assertThat(Http.get(port, "/api/admin/queue", null).statusCode()).as("the gateway checks the token too")
                .isEqualTo(401);
        assertThat(DELIVERY.hits()).isEqualTo(delivery + 2);
    }

    @Test
    void validTokenIsRoutedWithItsAuthorizationHeader() {
        String token = TestTokens.sign(KEY, "alice@example.org");
        HttpResponse<String> admin = Http.get(port, "/api/admin/domains", token);
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.body()).contains("\"path\":\"/api/admin/domains\"");
        assertThat(AUTH.lastAuthorization()).isEqualTo("Bearer " + token);

        HttpResponse<String> mail = Http.get(port, "/api/mail/mailboxes", token);
        assertThat(mail.statusCode()).isEqualTo(200);
        assertThat(mail.body()).contains("\"path\":\"/api/mail/mailboxes\"");
        assertThat(mail.headers().firstValue("X-RateLimit-Remaining")).isPresent();
    }

    @Test
    void clientAddressIsAppendedAndServiceTokensFromOutsideAreDropped() {
        HttpResponse<String> response = Http.send(Http.request(port, "/api/admin/domains")
                .header("Authorization", "Bearer " + TestTokens.sign(KEY, "alice@example.org"))
                .header("X-Forwarded-For", "203.0.113.9").header("X-Mail-Service-Token", "guess").GET().build());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(AUTH.lastHeader("X-Mail-Service-Token")).isNull();
        String forwarded = AUTH.lastHeader("X-Forwarded-For");
        assertThat(forwarded).as("a hop the client made up is dropped").doesNotContain("203.0.113.9");
        assertThat(forwarded.substring(forwarded.lastIndexOf(',') + 1).strip()).as("last hop is the real peer").isEqualTo("127.0.0.1");
    }

    @Test
    void expiredTokenIsRefused() {
        String expired = TestTokens.sign(KEY, "alice@example.org", "tenant-a", TestTokens.ISSUER, Duration.ofMinutes(-5));
        assertRefused(expired);
    }

    @Test
    void tokenSignedWithAnotherKeyUnderTheSameKeyIdIsRefused() {
        ECKey forged = TOKENS.newKey("key-1");
        assertRefused(TestTokens.sign(forged, "mallory@example.org"));
    }

    @Test
    void unsignedTokenIsRefused() {
        String header = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes());
        String claims = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("{\"sub\":\"mallory\",\"iss\":\"" + TestTokens.ISSUER + "\",\"exp\":4102444800}").getBytes());
        assertRefused(header + "." + claims + ".");
    }

    @Test
    void tokenFromAnotherIssuerIsRefused() {
        assertRefused(TestTokens.sign(KEY, "alice@example.org", "tenant-a", "https://evil.test", Duration.ofMinutes(5)));
    }

    @Test
    void garbageIsRefused() {
        assertRefused("not-a-jwt");
    }

    @Test
    void rotatedKeyIsFetchedWhenATokenNamesAnUnknownKeyId() {
        assertThat(Http.get(port, "/api/mail/x", TestTokens.sign(KEY, "alice@example.org")).statusCode()).isEqualTo(200);
        ECKey rotated = TOKENS.publishNewKey("key-2");
        JWKS.behave(StubService.Behaviour.json(TOKENS.jwksJson()));
        assertThat(Http.get(port, "/api/mail/x", TestTokens.sign(rotated, "alice@example.org")).statusCode()).isEqualTo(200);
    }

    @Test
    void tokenEndpointIsPublic() {
        HttpResponse<String> response = Http.send(Http.request(port, "/api/admin/token")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json").build());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"path\":\"/api/admin/token\"");
    }

    @Test
    void usersTokenEndpointIsPublicAndServedByAuthService() {
        int before = AUTH.hits();
        HttpResponse<String> response = Http.send(Http.request(port, "/api/auth/token")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json").build());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"path\":\"/api/auth/token\"");
        assertThat(AUTH.hits()).isEqualTo(before + 1);
        // only the token endpoint is public under /api/auth
        assertThat(Http.get(port, "/api/auth/other", null).statusCode()).isEqualTo(401);
    }

    @Test
    void pathsThatAServiceCouldNormaliseDifferentlyAreRefused() {
        int before = AUTH.hits();
        for (String path : new String[] {"/api/admin/token/../users", "/api/admin/token/%2e%2e/users",
                "/api/admin/token%2F..%2Fusers", "/api/admin/token;x=1/../users", "/api/admin//users"}) {
            HttpResponse<String> response = Http.get(port, path, null);
            assertThat(response.statusCode()).as(path).isEqualTo(400);
            assertThat(response.body()).as(path).contains("ambiguous_path");
        }
        assertThat(AUTH.hits()).isEqualTo(before);
    }

    @Test
    void keySetAndOpenApiOfAuthServiceArePublic() {
        assertThat(Http.get(port, "/api/admin/jwks", null).statusCode()).isEqualTo(200);
        assertThat(Http.get(port, "/api/admin/openapi.yaml", null).statusCode()).isEqualTo(200);
    }

    @Test
    void documentedGatewayMetricsAreExported() {
        Http.get(port, "/api/mail/mailboxes", null);
        Http.get(port, "/api/mail/mailboxes", TestTokens.sign(KEY, "grace@example.org"));
        String metrics = Http.get(port, "/actuator/prometheus", null).body();
        assertThat(metrics)
                .containsPattern("mail_gateway_rejected_total\\{[^}]*reason=\"missing_token\"")
                .containsPattern("mail_gateway_rate_limit_clients\\{[^}]*} [1-9]")
                .containsPattern("resilience4j_circuitbreaker_state\\{[^}]*name=\"mail-api\"[^}]*state=\"closed\"[^}]*} 1\\.0")
                .containsPattern("resilience4j_circuitbreaker_state\\{[^}]*name=\"admin-api\"")
                .contains("http_server_requests_seconds_bucket");
    }

    @Test
    void mergedOpenApiDocumentCoversTheThreeApisWithoutAToken() {
        AUTH.behaveAt("/api/admin/openapi.yaml", new StubService.Behaviour(200, 0, "application/yaml", """
                openapi: 3.1.0
                info: {title: admin, version: '1'}
                paths:
                  /api/admin/domains:
                    get:
                      responses:
                        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Domain'}}}}
                components:
                  schemas:
                    Domain: {type: object, properties: {name: {type: string}}}
                """));
        MAILBOX.behaveAt("/api/mail/openapi.yaml", new StubService.Behaviour(200, 0, "application/yaml", """
                openapi: 3.1.0
                info: {title: mail, version: '1'}
                paths:
                  /api/mail/mailboxes:
                    get:
                      responses:
                        '200': {description: ok}
                """));
        DELIVERY.behaveAt("/openapi.yaml", new StubService.Behaviour(200, 0, "application/yaml", """
                openapi: 3.1.0
                info: {title: queue, version: '1'}
                paths:
                  /api/admin/queue:
                    get:
                      responses:
                        '200': {description: ok}
                """));
        HttpResponse<String> response = Http.get(port, "/api/openapi.yaml", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/yaml");
        assertThat(response.body()).contains("title: Mail platform API").contains("/api/admin/domains:")
                .contains("/api/mail/mailboxes:").contains("/api/admin/queue:").contains("Domain:")
                .doesNotContain("x-unavailable-apis");
    }

    @Test
    void healthNeedsNoToken() {
        assertThat(Http.get(port, "/actuator/health/readiness", null).statusCode()).isEqualTo(200);
    }

    @Test
    void corsIsOffByDefault() {
        HttpResponse<String> preflight = Http.send(Http.request(port, "/api/mail/mailboxes")
                .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example").header("Access-Control-Request-Method", "GET").build());
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

        HttpResponse<String> simple = Http.send(Http.request(port, "/api/mail/mailboxes")
                .header("Authorization", "Bearer " + TestTokens.sign(KEY, "frank@example.org"))
                .header("Origin", "https://evil.example").GET().build());
        assertThat(simple.statusCode()).isEqualTo(200);
        assertThat(simple.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    private void assertRefused(String token) {
        int before = MAILBOX.hits();
        HttpResponse<String> response = Http.get(port, "/api/mail/mailboxes", token);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Bearer error=\"invalid_token\"");
        assertThat(response.body()).contains("invalid_token");
        assertThat(MAILBOX.hits()).isEqualTo(before);
    }
}
