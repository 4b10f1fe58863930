package org.mailplatform.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.yaml.snakeyaml.Yaml;

/** The served OpenAPI document parses and describes exactly the admin endpoints that exist. */
class OpenApiDocumentTest extends AuthServiceTestBase {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    @SuppressWarnings("unchecked")
    void documentIsServedAndMatchesTheControllers() {
        AdminHttp.Reply reply = new AdminHttp(port, null).get("/api/admin/openapi.yaml").expect(200);
        Map<String, Object> document = new Yaml().load(reply.body());
        assertThat(document.get("openapi")).isEqualTo("3.1.0");

        Set<String> documented = new TreeSet<>();
        ((Map<String, Map<String, Object>>) document.get("paths")).forEach((path, operations) -> operations.keySet()
                .stream().filter(op -> !op.equals("parameters"))
                .forEach(op -> documented.add(op.toUpperCase() + " " + path)));

        Set<String> implemented = new TreeSet<>();
        mappings.getHandlerMethods().keySet().forEach(info -> info.getPatternValues().stream()
                .filter(p -> p.startsWith("/api/admin/"))
                .forEach(p -> info.getMethodsCondition().getMethods()
                        .forEach(m -> implemented.add(m.name() + " " + p))));

        assertThat(documented).isEqualTo(implemented);
    }
}
