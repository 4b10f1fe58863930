package org.mailplatform.gateway.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class OpenApiMergerTest {

    @Test
    void pathsAreUnitedAndIdenticalComponentsKeptOnce() {
        Map<String, Object> merged = merge("""
                openapi: 3.1.0
                paths: {/api/admin/domains: {get: {}}}
                components: {schemas: {Problem: {type: object}}}
                tags: [{name: domains}]
                """, """
                openapi: 3.1.0
                paths: {/api/mail/mailboxes: {get: {}}}
                components: {schemas: {Problem: {type: object}}}
                tags: [{name: domains}, {name: mailboxes}]
                """);
        assertThat(map(merged.get("paths"))).containsOnlyKeys("/api/admin/domains", "/api/mail/mailboxes");
        assertThat(map(map(merged.get("components")).get("schemas"))).containsOnlyKeys("Problem");
        assertThat((List<?>) merged.get("tags")).hasSize(2);
        assertThat(merged).doesNotContainKeys("x-merge-conflicts", "x-unavailable-apis");
    }

    @Test
    void differentComponentsUnderOneNameAreRenamedWithTheirReferences() {
        Map<String, Object> merged = merge("""
                openapi: 3.1.0
                paths: {/api/admin/users: {get: {responses: {'200': {$ref: '#/components/responses/Page'}}}}}
                components: {responses: {Page: {description: users}}}
                """, """
                openapi: 3.1.0
                paths: {/api/mail/messages: {get: {responses: {'200': {$ref: '#/components/responses/Page'}}}}}
                components: {responses: {Page: {description: messages}}}
                """);
        Map<String, Object> responses = map(map(merged.get("components")).get("responses"));
        assertThat(responses).containsOnlyKeys("Page", "mail_Page");
        assertThat(map(responses.get("mail_Page"))).containsEntry("description", "messages");
        String mailRef = (String) map(map(map(map(map(merged.get("paths")).get("/api/mail/messages")).get("get")).get("responses")).get("200")).get("$ref");
        assertThat(mailRef).isEqualTo("#/components/responses/mail_Page");
        String adminRef = (String) map(map(map(map(map(merged.get("paths")).get("/api/admin/users")).get("get")).get("responses")).get("200")).get("$ref");
        assertThat(adminRef).isEqualTo("#/components/responses/Page");
    }

    @Test
    void aPathClaimedTwiceKeepsItsFirstOwnerAndIsReported() {
        Map<String, Object> merged = merge("""
                openapi: 3.1.0
                paths: {/api/x: {get: {summary: first}}}
                """, """
                openapi: 3.1.0
                paths: {/api/x: {get: {summary: second}}}
                """);
        assertThat(map(map(map(merged.get("paths")).get("/api/x")).get("get"))).containsEntry("summary", "first");
        assertThat(merged).containsEntry("x-merge-conflicts", List.of("mail: path /api/x"));
    }

    @Test
    void unavailableApisAreNamed() {
        Map<String, Map<String, Object>> docs = new LinkedHashMap<>();
        docs.put("admin", OpenApiAggregator.parse("openapi: 3.1.0\npaths: {}\n"));
        Map<String, Object> merged = OpenApiMerger.merge(docs, List.of("mail"), "1.0");
        assertThat(merged).containsEntry("x-unavailable-apis", List.of("mail"));
        assertThat(OpenApiAggregator.dump(merged)).contains("openapi: 3.1.0").contains("x-unavailable-apis:");
    }

    private static Map<String, Object> merge(String admin, String mail) {
        Map<String, Map<String, Object>> docs = new LinkedHashMap<>();
        docs.put("admin", OpenApiAggregator.parse(admin));
        docs.put("mail", OpenApiAggregator.parse(mail));
        return OpenApiMerger.merge(docs, List.of(), "1.0");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }
}
