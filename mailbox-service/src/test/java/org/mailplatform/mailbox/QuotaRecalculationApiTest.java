package org.mailplatform.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.mailplatform.model.Principal;
import org.mailplatform.store.AppendResult;
import org.mailplatform.store.MailboxStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.mongodb.core.MongoTemplate;

/** {@code POST .../quota/recalculate}: admins recount a user's or a domain's quota counter. */
class QuotaRecalculationApiTest extends AdminApiTest {

    @Autowired
    MailboxStore store;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    void drift(String collection, String id, long bytes, long messages) {
        mongo.getCollection(collection).updateOne(new Document("_id", id),
                new Document("$inc", new Document("bytes", bytes).append("messages", messages)));
    }

    double recalculated(String scope, String outcome) {
        var counter = meters.find("mail.quota.recalculated").tags("scope", scope, "outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void anAdminRecountsAUserAndThenTheDomain() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        Principal erin = new Principal("tenant-" + id, "erin-" + id, "erin@" + id + ".example");
        store.ensureDefaultMailboxes(erin);
        AppendResult a = store.append(erin, "INBOX", MailboxApiTest.message("one", Instant.now()));
        drift("quotas", erin.tenantId() + "/" + erin.userId(), 700, 2);
        drift("domain_quotas", erin.tenantId() + "/" + id + ".example", 700, 2);
        double changed = recalculated("user", "changed");

        HttpResponse<String> user = post("/api/mail/users/" + erin.userId() + "/quota/recalculate",
                TestTokens.admin("TENANT", erin.tenantId()));

        assertThat(user.statusCode()).as(user.body()).isEqualTo(200);
        assertThat(user.body()).isEqualTo("{\"bytesBefore\":" + (a.size() + 700) + ",\"messagesBefore\":3,\"bytes\":"
                + a.size() + ",\"messages\":1}");
        assertThat(store.quota(erin).bytes()).isEqualTo(a.size());
        assertThat(recalculated("user", "changed")).isEqualTo(changed + 1);

        HttpResponse<String> domain = post("/api/mail/domains/" + id.toUpperCase() + ".example/quota/recalculate?tenant="
                + erin.tenantId(), TestTokens.admin("PLATFORM", null));
        assertThat(domain.statusCode()).as(domain.body()).isEqualTo(200);
        assertThat(domain.body()).isEqualTo("{\"bytesBefore\":" + (a.size() + 700) + ",\"messagesBefore\":3,\"bytes\":"
                + a.size() + ",\"messages\":1}");

        HttpResponse<String> again = post("/api/mail/users/" + erin.userId() + "/quota/recalculate",
                TestTokens.admin("TENANT", erin.tenantId()));
        assertThat(again.body()).isEqualTo("{\"bytesBefore\":" + a.size() + ",\"messagesBefore\":1,\"bytes\":"
                + a.size() + ",\"messages\":1}");
    }

    @Test
    void onlyAnAdminOfTheTenantMay() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        Principal frank = new Principal("tenant-" + id, "frank-" + id, "frank@" + id + ".example");
        store.ensureDefaultMailboxes(frank);
        String path = "/api/mail/users/" + frank.userId() + "/quota/recalculate";

        assertThat(post(path, null).statusCode()).isEqualTo(401);
        assertThat(post(path, TestTokens.user(frank)).statusCode()).isEqualTo(403);
        store.append(frank, "INBOX", MailboxApiTest.message("one", Instant.now()));
        HttpResponse<String> otherTenant = post(path, TestTokens.admin("TENANT", "other-" + id));
        assertThat(otherTenant.body()).as("another tenant's admin names a user of their own tenant, who has nothing")
                .isEqualTo("{\"bytesBefore\":0,\"messagesBefore\":0,\"bytes\":0,\"messages\":0}");
        assertThat(store.quota(frank).messages()).isEqualTo(1);
        assertThat(post("/api/mail/domains/" + id + ".example/quota/recalculate", TestTokens.admin("PLATFORM", null))
                .statusCode()).as("a platform admin must name the tenant").isEqualTo(400);
        assertThat(post("/api/mail/domains/" + id + ".example/quota/recalculate?tenant=" + frank.tenantId(),
                TestTokens.user(frank)).statusCode()).isEqualTo(403);
    }
}
