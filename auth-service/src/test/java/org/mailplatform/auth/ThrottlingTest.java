package org.mailplatform.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mailplatform.directory.client.wire.DirectoryApi;

/** Throttling through the internal API with the fast test settings (lockout after 5, for 1s). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ThrottlingTest extends AuthServiceTestBase {

    @BeforeAll
    void users() {
        AdminHttp admin = platformAdmin();
        admin.post("/api/admin/domains", Map.of("name", "throttle.test")).expect(201);
        for (String user : new String[] { "typo", "victim", "other" }) {
            admin.post("/api/admin/users", Map.of("address", user + "@throttle.test", "password", "right-password"))
                    .expect(201);
        }
    }

    String login(String user, String password, String client) {
        return AdminHttp.service(port, SERVICE_TOKEN).post(DirectoryApi.AUTHENTICATE_PATH,
                Map.of("login", user + "@throttle.test", "secret", password, "protocol", "IMAP", "clientAddress", client))
                .expect(200).json().path("reason").asString("AUTHENTICATED");
    }

    @Test
    void rightPasswordAfterThreeMistypesLogsIn() {
        for (int i = 0; i < 3; i++) {
            assertThat(login("typo", "wrong", "192.0.2.1")).isEqualTo("BAD_CREDENTIALS");
        }
        assertThat(login("typo", "right-password", "192.0.2.1")).isEqualTo("AUTHENTICATED");
    }

    @Test
    void lockedAccountRefusesEvenTheRightPasswordUntilTheLockoutEnds() {
        for (int i = 0; i < 5; i++) {
            assertThat(login("victim", "guess" + i, "198.51.100." + i)).isEqualTo("BAD_CREDENTIALS");
        }
        assertThat(login("victim", "right-password", "203.0.113.9")).isEqualTo("THROTTLED");
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> login("victim", "right-password", "203.0.113.9").equals("AUTHENTICATED"));
    }

    @Test
    void oneClientGuessingManyAccountsIsLockedOut() {
        for (int i = 0; i < 12; i++) {
            login("nobody" + i, "guess", "192.0.2.200");
        }
        assertThat(login("other", "right-password", "192.0.2.200")).isEqualTo("THROTTLED");
        assertThat(login("other", "right-password", "192.0.2.201")).isEqualTo("AUTHENTICATED");
    }

    @Test
    void lockedAdminLoginLooksLikeAWrongPassword() {
        AdminHttp anonymous = new AdminHttp(port, null);
        platformAdmin().post("/api/admin/tenants/default/admins", Map.of("username", "locky", "password", "locky-pass-1"))
                .expect(201);
        for (int i = 0; i < 5; i++) {
            anonymous.post("/api/admin/token", Map.of("username", "locky", "password", "nope")).expectProblem(401,
                    "unauthorized");
        }
        var locked = anonymous.post("/api/admin/token", Map.of("username", "locky", "password", "locky-pass-1"))
                .expectProblem(401, "unauthorized");
        var wrong = anonymous.post("/api/admin/token", Map.of("username", "ghost", "password", "nope"));
        assertThat(locked.body()).isEqualTo(wrong.body().replace("ghost", "locky"));
    }
}
