package org.mailplatform.auth;

import org.mailplatform.embedded.BackendEndpoints;
import org.mailplatform.teststack.TestStack;

/**
 * Starts auth-service by hand against the test stack's MongoDB (embedded, or whatever the stack
 * finds), on port 8081 with admin password {@code admin-password} and service token
 * {@code dev-service-token}: for trying the admin API or mailctl
 * ({@code MAIL_ADMIN_PASSWORD=admin-password bin/mailctl --url http://localhost:8081 ...}).
 */
public final class TestAuthServiceApplication {

    private TestAuthServiceApplication() {
    }

    public static void main(String[] args) {
        BackendEndpoints backends = TestStack.endpoints();
        AuthServiceApplication.builder().run("--spring.mongodb.uri=" + backends.mongoUri(),
                "--mail.auth.admin-password=admin-password", "--mail.auth.service-token=dev-service-token");
    }
}
