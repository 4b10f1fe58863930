package org.mailplatform.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.mailplatform.model.Principal;
import org.mailplatform.model.Topics;
import org.mailplatform.teststack.TopicTail;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST .../sessions/revoke}: an admin ends a user's sessions on every IMAP node through one
 * event on the real {@code mailbox.changes} topic. Same context as {@link QuotaRecalculationApiTest}.
 */
class SessionRevocationApiTest extends AdminApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Value("${spring.kafka.bootstrap-servers}")
    String kafka;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    static Principal newUser() {
        String id = UUID.randomUUID().toString().substring(0, 8);
        return new Principal("tenant-" + id, "ida-" + id, "ida@" + id + ".example");
    }

    double revoked() {
        return meters.get("mail.users.sessions.revoked").counter().count();
    }

    @Test
    void anAdminsRevocationIsPublishedForEveryImapNode() throws Exception {
        Principal ida = newUser();
        double before = revoked();
        Instant asked = Instant.now();
        try (TopicTail topic = new TopicTail(kafka, Topics.MAILBOX_CHANGES, 2)) {
            HttpResponse<String> answer = post("/api/mail/users/" + ida.userId() + "/sessions/revoke?tenant="
                    + ida.tenantId(), TestTokens.admin("PLATFORM", null));

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
            assertThat(answer.body()).contains("\"tenant\":\"" + ida.tenantId() + "\"",
                    "\"userId\":\"" + ida.userId() + "\"");
            JsonNode event = JSON.readTree(topic.await(v -> of(ida, v)));
            assertThat(topic.poll().stream().filter(v -> of(ida, v))).as("one event").hasSize(1);
            assertThat(event.path("tenantId").asString()).isEqualTo(ida.tenantId());
            assertThat(event.path("mailboxId").asString()).isEmpty();
            assertThat(Instant.parse(event.path("at").asString())).isAfterOrEqualTo(asked);
        }
        assertThat(revoked()).isEqualTo(before + 1);
    }

    @Test
    void aTenantAdminRevokesInTheirOwnTenant() throws Exception {
        Principal ida = newUser();
        try (TopicTail topic = new TopicTail(kafka, Topics.MAILBOX_CHANGES, 2)) {
            HttpResponse<String> answer = post("/api/mail/users/" + ida.userId() + "/sessions/revoke",
                    TestTokens.admin("TENANT", ida.tenantId()));

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
            JsonNode event = JSON.readTree(topic.await(v -> of(ida, v)));
            assertThat(event.path("tenantId").asString()).isEqualTo(ida.tenantId());
        }
    }

    /** Whether a value read from the topic is a revocation for {@code p} (their mailbox events may be read too). */
    private static boolean of(Principal p, String value) {
        JsonNode read = JSON.readTree(value);
        return read.path("userId").asString().equals(p.userId())
                && read.path("kind").asString().equals("SESSIONS_REVOKED");
    }

    @Test
    void onlyAnAdminMay() throws Exception {
        Principal ida = newUser();
        String path = "/api/mail/users/" + ida.userId() + "/sessions/revoke";
        double before = revoked();

        assertThat(post(path, null).statusCode()).isEqualTo(401);
        assertThat(post(path, TestTokens.user(ida)).statusCode()).isEqualTo(403);
        assertThat(post(path + "?tenant=other", TestTokens.admin("TENANT", ida.tenantId())).statusCode())
                .as("a tenant admin names no other tenant").isEqualTo(403);
        assertThat(post(path, TestTokens.admin("PLATFORM", null)).statusCode())
                .as("a platform admin must name the tenant").isEqualTo(400);
        assertThat(revoked()).isEqualTo(before);
    }
}
