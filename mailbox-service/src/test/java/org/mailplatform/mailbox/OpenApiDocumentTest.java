package org.mailplatform.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.mailplatform.teststack.WithTestStack;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.yaml.snakeyaml.Yaml;

/** The served OpenAPI document needs no token and describes exactly the endpoints that exist. */
@WithTestStack
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=" + MailboxServiceApplication.NAME, "mail.s3.bucket=mailbox-api-test",
        "spring.mongodb.database=mailbox_api_test", "mail.mailbox.gc.enabled=false",
        "mail.mailbox.gc.grace-period=0s", "mail.mailbox.gc.lookback-months=1",
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
    @SuppressWarnings("unchecked")
    void documentIsServedWithoutATokenAndMatchesTheControllers() throws Exception {
        Map<String, Object> document = new Yaml().load(served());
        assertThat(document.get("openapi")).isEqualTo("3.1.0");

        Set<String> documented = new TreeSet<>();
        ((Map<String, Map<String, Object>>) document.get("paths")).forEach((path, operations) -> operations.keySet()
                .stream().filter(op -> !op.equals("parameters"))
                .forEach(op -> documented.add(op.toUpperCase() + " " + path)));
        documented.remove("GET " + DOCUMENT); // a static resource, not a controller

        Set<String> implemented = new TreeSet<>();
        mappings.getHandlerMethods().keySet().forEach(info -> info.getPatternValues().stream()
                .filter(p -> p.startsWith("/api/mail/"))
                .forEach(p -> info.getMethodsCondition().getMethods()
                        .forEach(m -> implemented.add(m.name() + " " + p))));

        assertThat(documented).isEqualTo(implemented);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyReferenceResolves() throws Exception {
        String text = served();
        Map<String, Object> components = (Map<String, Object>) ((Map<String, Object>) new Yaml().load(text)).get("components");
        Matcher refs = Pattern.compile("\\$ref: '#/components/(\\w+)/(\\w+)'").matcher(text);
        int count = 0;
        while (refs.find()) {
            count++;
            Map<String, Object> section = (Map<String, Object>) components.get(refs.group(1));
            assertThat(section).as(refs.group()).isNotNull().containsKey(refs.group(2));
        }
        assertThat(count).isPositive();
    }
}
