package org.mailplatform.auth;

import org.junit.jupiter.api.Test;
import org.mailplatform.teststack.OpenApiContract;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** The served OpenAPI document parses and describes exactly the public endpoints that exist (admin API, user tokens). */
class OpenApiDocumentTest extends AuthServiceTestBase {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void documentIsServedAndMatchesTheControllers() {
        AdminHttp.Reply reply = new AdminHttp(port, null).get("/api/admin/openapi.yaml").expect(200);
        OpenApiContract.assertDescribes(reply.body(), mappings, "/api/");
    }
}
