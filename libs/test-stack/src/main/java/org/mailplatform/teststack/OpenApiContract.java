package org.mailplatform.teststack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.yaml.snakeyaml.Yaml;

/**
 * A service's OpenAPI document (the one the gateway merges) against its controllers: it must list
 * exactly the operations they map, and every local {@code $ref} must resolve. Documents are written
 * by hand, so this is what keeps them honest when an endpoint is added or changed.
 */
public final class OpenApiContract {

    private static final Pattern LOCAL_REF = Pattern.compile("\\$ref: '#/components/(\\w+)/(\\w+)'");

    private OpenApiContract() {
    }

    /**
     * Asserts that {@code documentText} is an OpenAPI 3.1 document describing exactly the operations
     * mapped under {@code pathPrefix}, apart from {@code servedStatically} paths (the document
     * itself), and that its references resolve.
     */
    public static void assertDescribes(String documentText, RequestMappingHandlerMapping mappings, String pathPrefix,
                                       String... servedStatically) {
        Map<String, Object> document = new Yaml().load(documentText);
        assertThat(document.get("openapi")).isEqualTo("3.1.0");
        Set<String> documented = documentedOperations(document);
        for (String path : servedStatically) {
            documented.remove("GET " + path);
        }
        assertThat(documented).isEqualTo(mappedOperations(mappings, pathPrefix));
        assertReferencesResolve(documentText, document);
    }

    /** {@code "METHOD /path"} for every operation of the document. */
    @SuppressWarnings("unchecked")
    static Set<String> documentedOperations(Map<String, Object> document) {
        Set<String> documented = new TreeSet<>();
        ((Map<String, Map<String, Object>>) document.get("paths")).forEach((path, item) -> item.keySet().stream()
                .filter(key -> !List.of("parameters", "summary", "description", "servers").contains(key))
                .forEach(method -> documented.add(method.toUpperCase() + " " + path)));
        return documented;
    }

    /** {@code "METHOD /path"} for every controller mapping under {@code pathPrefix}. */
    static Set<String> mappedOperations(RequestMappingHandlerMapping mappings, String pathPrefix) {
        Set<String> implemented = new TreeSet<>();
        mappings.getHandlerMethods().keySet().forEach(info -> info.getPatternValues().stream()
                .filter(path -> path.startsWith(pathPrefix))
                .forEach(path -> info.getMethodsCondition().getMethods()
                        .forEach(method -> implemented.add(method.name() + " " + path))));
        return implemented;
    }

    @SuppressWarnings("unchecked")
    private static void assertReferencesResolve(String text, Map<String, Object> document) {
        Map<String, Object> components = (Map<String, Object>) document.getOrDefault("components", Map.of());
        Matcher refs = LOCAL_REF.matcher(text);
        while (refs.find()) {
            Map<String, Object> section = (Map<String, Object>) components.get(refs.group(1));
            assertThat(section).as(refs.group()).isNotNull().containsKey(refs.group(2));
        }
    }
}
