package org.mailplatform.mailbox;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterEach;
import org.mailplatform.teststack.WithTestStack;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What the tests of the admin endpoints for one user (mail data, quota recount, session revocation)
 * share: one service context with the background jobs off, declared once here so the classes share
 * it, and requests with or without a token.
 */
@WithTestStack
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=" + MailboxServiceApplication.NAME, "mail.s3.bucket=mailbox-user-data-test",
        "spring.mongodb.database=mailbox_user_data_test", "mail.mailbox.gc.enabled=false",
        "mail.mailbox.gc.grace-period=0s",
        "mail.mailbox.retention.enabled=false", "mail.mailbox.expunged.enabled=false"})
abstract class AdminApiTest extends TestTokenKey {

    /** One per test: a client the base class shared across test classes would be closed by the first. */
    final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @AfterEach
    void closeClient() {
        http.close();
    }

    HttpResponse<String> post(String path, String token) throws Exception {
        return send(request(path).POST(HttpRequest.BodyPublishers.noBody()), token);
    }

    HttpResponse<String> delete(String path, String token) throws Exception {
        return send(request(path).DELETE(), token);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    }

    private HttpResponse<String> send(HttpRequest.Builder b, String token) throws Exception {
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
