package org.mailplatform.delivery.admin;

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
import org.mailplatform.delivery.DeliveryTestBase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.yaml.snakeyaml.Yaml;

/**
 * The queue API's OpenAPI document (merged by the gateway) is served without a token and describes
 * exactly the endpoints that exist.
 */
class QueueApiDocumentTest extends DeliveryTestBase {

    @LocalServerPort
    int port;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private String served() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/openapi.yaml")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void documentMatchesTheControllerAndEveryReferenceResolves() throws Exception {
        String text = served();
        Map<String, Object> document = new Yaml().load(text);
        assertThat(document.get("openapi")).isEqualTo("3.1.0");

        Set<String> documented = new TreeSet<>();
        ((Map<String, Map<String, Object>>) document.get("paths")).forEach((path, operations) -> operations.keySet()
                .stream().filter(op -> !op.equals("parameters"))
                .forEach(op -> documented.add(op.toUpperCase() + " " + path)));
        Set<String> implemented = new TreeSet<>();
        mappings.getHandlerMethods().keySet().forEach(info -> info.getPatternValues().stream()
                .filter(p -> p.startsWith("/api/"))
                .forEach(p -> info.getMethodsCondition().getMethods()
                        .forEach(m -> implemented.add(m.name() + " " + p))));
        assertThat(documented).isEqualTo(implemented);

        Map<String, Object> components = (Map<String, Object>) document.get("components");
        Matcher refs = Pattern.compile("\\$ref: '#/components/(\\w+)/(\\w+)'").matcher(text);
        int count = 0;
        while (refs.find()) {
            count++;
            assertThat((Map<String, Object>) components.get(refs.group(1))).as(refs.group()).containsKey(refs.group(2));
        }
        assertThat(count).isPositive();
    }
}
