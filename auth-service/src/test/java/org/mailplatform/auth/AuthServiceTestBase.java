package org.mailplatform.auth;

import org.mailplatform.teststack.WithTestStack;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * One auth-service on the test-stack MongoDB, shared by every test class that extends this (same
 * configuration, so Spring caches one context). Tests keep apart by using their own domains.
 * Throttling is set fast here so lockout tests take milliseconds. SRS is on at {@link #SRS_DOMAIN},
 * a domain no test hosts.
 */
@WithTestStack
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=" + AuthServiceApplication.NAME,
        "spring.mongodb.database=auth_service_test",
        "mail.auth.admin-password=" + AuthServiceTestBase.ADMIN_PASSWORD,
        "mail.auth.service-token=" + AuthServiceTestBase.SERVICE_TOKEN,
        "mail.auth.password.argon2-memory-kib=1024",
        "mail.auth.password.argon2-iterations=1",
        "mail.auth.throttle.failure-delay=5ms",
        "mail.auth.throttle.max-failure-delay=40ms",
        "mail.auth.throttle.account-lockout-threshold=5",
        "mail.auth.throttle.client-lockout-threshold=12",
        "mail.auth.throttle.lockout-duration=1s",
        "mail.srs.domain=" + AuthServiceTestBase.SRS_DOMAIN,
        "mail.srs.secret=" + AuthServiceTestBase.SRS_SECRET })
public abstract class AuthServiceTestBase {

    public static final String ADMIN_PASSWORD = "platform-admin-secret";
    public static final String SERVICE_TOKEN = "test-service-token";
    public static final String SRS_DOMAIN = "bounces.test";
    public static final String SRS_SECRET = "srs-test-secret-of-32-characters";

    @LocalServerPort
    protected int port;

    protected AdminHttp platformAdmin() {
        return AdminHttp.login(port, "admin", ADMIN_PASSWORD);
    }
}
