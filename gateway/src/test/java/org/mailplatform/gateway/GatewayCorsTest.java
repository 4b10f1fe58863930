package org.mailplatform.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** CORS when an operator lists origins: preflights from them are answered, others are not. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=" + GatewayApplication.NAME, "spring.main.web-application-type=reactive",
        "mail.gateway.cors.allowed-origins[0]=https://webmail.example.org"})
class GatewayCorsTest {

    @LocalServerPort
    int port;

    @Test
    void preflightFromAListedOriginIsAllowed() {
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
