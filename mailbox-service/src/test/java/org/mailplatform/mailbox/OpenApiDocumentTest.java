package org.mailplatform.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.mailplatform.teststack.OpenApiContract;
import org.mailplatform.teststack.WithTestStack;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** The served OpenAPI document needs no token and describes exactly the endpoints that exist. */
@WithTestStack
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=" + MailboxServiceApplication.NAME, "mail.s3.bucket=mailbox-api-test",
        "spring.mongodb.database=mailbox_api_test", "mail.mailbox.gc.enabled=false",
        "mail.mailbox.gc.grace-period=0s",
        "mail.mailbox.retention.enabled=false"})
class OpenApiDocumentTest {

    private static final String DOCUMENT = "/api/mail/openapi.yaml";

    @LocalServerPort
    int port;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @DynamicPropertySource
    static void jwtKey(DynamicPropertyRegistry registry) throws Exception {
        String pem = TestTokens.publicKeyPem();
        registry.add("mail.mailbox.jwt.public-key", () -> pem);
    }

    private String served() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + DOCUMENT))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body();
        }
    }

    @Test
    void documentIsServedWithoutATokenAndMatchesTheControllers() throws Exception {
        OpenApiContract.assertDescribes(served(), mappings, "/api/mail/", DOCUMENT);
    }
}
