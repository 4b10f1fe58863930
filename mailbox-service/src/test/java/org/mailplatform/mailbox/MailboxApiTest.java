package org.mailplatform.mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.mailplatform.blob.BlobKey;
import org.mailplatform.blob.BlobStore;
import org.mailplatform.mailbox.gc.BlobGarbageCollector;
import org.mailplatform.mailbox.retention.RetentionJob;
import org.mailplatform.model.Principal;
import org.mailplatform.store.AppendRequest;
import org.mailplatform.store.MailboxInfo;
import org.mailplatform.store.MailboxStore;
import org.mailplatform.store.MessageRange;
import org.mailplatform.teststack.WithTestStack;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@WithTestStack
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=" + MailboxServiceApplication.NAME, "mail.s3.bucket=mailbox-api-test",
        "spring.mongodb.database=mailbox_api_test", "mail.mailbox.gc.enabled=false",
        "mail.mailbox.gc.grace-period=0s",
        "mail.mailbox.retention.enabled=false", "mail.mailbox.expunged.enabled=false",
        "mail.mailbox.retention.rules[0].special-use=TRASH", "mail.mailbox.retention.rules[0].max-age=30d",
        "mail.mailbox.retention.rules[1].mailbox=Lists/News", "mail.mailbox.retention.rules[1].max-age=7d"})
class MailboxApiTest {

    static final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @Autowired
    MailboxStore store;
    @Autowired
    BlobStore blobs;
    @Autowired
    BlobGarbageCollector gc;
    @Autowired
    RetentionJob retention;
    @Autowired
    org.mailplatform.mailbox.expunged.ExpungedPurgeJob expungedPurge;
    @Autowired
    org.springframework.data.mongodb.core.MongoTemplate mongo;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @DynamicPropertySource
    static void jwtKey(DynamicPropertyRegistry registry) throws Exception {
        String pem = TestTokens.publicKeyPem();
        registry.add("mail.mailbox.jwt.public-key", () -> pem);
    }

    @AfterAll
    static void close() {
        http.close();
    }

    static Principal newUser() {
        String id = UUID.randomUUID().toString().substring(0, 8);
        return new Principal("tenant-" + id, "user-" + id, id + "@example.com");
    }

    static AppendRequest message(String subject, Instant date) {
        String raw = "From: Alice <alice@example.com>\r\nTo: bob@example.org\r\nSubject: " + subject + "\r\n"
                + "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n"
                + "--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n"
                + "Content-Disposition: attachment; filename=\"a.bin\"\r\n\r\naGk=\r\n--b--\r\n";
        return new AppendRequest(new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII)), Set.of(), date, null);
    }

    HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    String id(Principal p, String name) {
        return store.find(p, name).map(MailboxInfo::id).orElseThrow();
    }

    @Test
    void userListsMailboxesAndMessagesReadsRawAndPartsAndChangesThem() throws Exception {
        Principal p = newUser();
        String token = TestTokens.user(p);
        assertThat(call("GET", "/api/mail/mailboxes", token, null).body()).contains("\"name\":\"INBOX\"", "Trash");
        store.append(p, "INBOX", message("first", Instant.now()));
        store.append(p, "INBOX", message("second", Instant.now()));
        String inbox = id(p, "INBOX");

        HttpResponse<String> list = call("GET", "/api/mail/mailboxes/" + inbox + "/messages?size=1", token, null);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("\"total\":2", "\"subject\":\"second\"", "\"hasAttachments\":true")
                .doesNotContain("first");

        HttpResponse<String> detail = call("GET", "/api/mail/mailboxes/" + inbox + "/messages/1", token, null);
        assertThat(detail.body()).contains("\"part\":\"2\"", "\"fileName\":\"a.bin\"");
        assertThat(call("GET", "/api/mail/mailboxes/" + inbox + "/messages/1/raw", token, null).body())
                .startsWith("From: Alice").endsWith("--b--\r\n");
        assertThat(call("GET", "/api/mail/mailboxes/" + inbox + "/messages/1/parts/2", token, null).body())
                .isEqualTo("hi");
        assertThat(call("GET", "/api/mail/mailboxes/" + inbox + "/messages/1/parts/1", token, null).body())
                .isEqualTo("hello");

        assertThat(call("PATCH", "/api/mail/mailboxes/" + inbox + "/messages/1/flags", token,
                "{\"add\":[\"\\\\Seen\",\"work\"]}").body()).contains("\\\\Seen", "work");
        HttpResponse<String> moved = call("POST", "/api/mail/mailboxes/" + inbox + "/messages/1/move", token,
                "{\"mailboxId\":\"" + id(p, "Archive") + "\"}");
        assertThat(moved.statusCode()).isEqualTo(200);
        assertThat(store.uids(p, "INBOX")).containsExactly(2L);
        assertThat(call("DELETE", "/api/mail/mailboxes/" + inbox + "/messages/2", token, null).statusCode())
                .isEqualTo(204);
        assertThat(call("DELETE", "/api/mail/mailboxes/" + inbox + "/messages/2", token, null).statusCode())
                .isEqualTo(404);
        assertThat(call("GET", "/api/mail/quota", token, null).body()).contains("\"messages\":1");
    }

    @Test
    void tokensAreCheckedAndUsersStayInTheirOwnMailboxes() throws Exception {
        Principal alice = newUser();
        Principal bob = newUser();
        store.ensureDefaultMailboxes(alice);
        store.append(alice, "INBOX", message("private", Instant.now()));
        String alicesInbox = id(alice, "INBOX");

        assertThat(call("GET", "/api/mail/mailboxes", null, null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/api/mail/mailboxes", "garbage", null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/api/mail/mailboxes", TestTokens.userForAudience(alice, "other"), null).statusCode())
                .isEqualTo(401);
        assertThat(call("GET", "/api/mail/mailboxes/" + alicesInbox + "/messages/1/raw", TestTokens.user(bob), null)
                .statusCode()).isEqualTo(404);
        assertThat(call("GET", "/api/mail/users/" + alice.userId() + "/mailboxes", TestTokens.user(bob), null)
                .statusCode()).isEqualTo(403);
    }

    @Test
    void adminsActForUsersOfTheirTenantOnly() throws Exception {
        Principal p = newUser();
        store.ensureDefaultMailboxes(p);
        String path = "/api/mail/users/" + p.userId() + "/mailboxes";

        assertThat(call("GET", path, TestTokens.admin("TENANT", p.tenantId()), null).body()).contains("INBOX");
        assertThat(call("GET", path + "?tenant=" + p.tenantId(), TestTokens.admin("PLATFORM", null), null).body())
                .contains("INBOX");
        assertThat(call("GET", path, TestTokens.admin("TENANT", "other-tenant"), null).body()).isEqualTo("[]");
        assertThat(call("GET", path + "?tenant=" + p.tenantId(), TestTokens.admin("TENANT", "other-tenant"), null)
                .statusCode()).isEqualTo(403);
    }

    @Test
    void garbageCollectorDeletesOnlyUnreferencedBlobs() throws Exception {
        Principal p = newUser();
        store.ensureDefaultMailboxes(p);
        store.append(p, "INBOX", message("kept", Instant.now()));
        store.append(p, "INBOX", message("expunged", Instant.now()));
        String keptKey = store.fetch(p, "INBOX", MessageRange.uid(1)).get(0).blobKey();
        String goneKey = store.fetch(p, "INBOX", MessageRange.uid(2)).get(0).blobKey();
        store.copy(p, "INBOX", MessageRange.uid(2), "Archive");
        store.remove(p, "INBOX", MessageRange.uid(2));

        // orphans that no release names, and the full walk that finds them: BlobGarbageCollectorTest
        gc.run();

        assertThat(blobs.exists(new BlobKey(keptKey))).isTrue();
        assertThat(blobs.exists(new BlobKey(goneKey))).as("still referenced by the copy").isTrue();

        store.remove(p, "Archive", MessageRange.all());
        gc.run();
        assertThat(blobs.exists(new BlobKey(goneKey))).isFalse();
    }

    @Test
    void retentionEmptiesOldMessagesFromTrashAndNamedMailboxes() {
        Principal p = newUser();
        store.ensureDefaultMailboxes(p);
        store.append(p, "Trash", message("old", Instant.now().minus(java.time.Duration.ofDays(31))));
        store.append(p, "Trash", message("recent", Instant.now()));
        store.append(p, "INBOX", message("old but inbox", Instant.now().minus(java.time.Duration.ofDays(400))));

        store.create(p, "Lists");
        store.create(p, "Lists/News");
        store.append(p, "Lists/News", message("last week's", Instant.now().minus(java.time.Duration.ofDays(8))));
        store.append(p, "Lists/News", message("today's", Instant.now()));
        store.append(p, "Lists", message("old, other list", Instant.now().minus(java.time.Duration.ofDays(8))));

        retention.run();

        assertThat(store.uids(p, "Trash")).containsExactly(2L);
        assertThat(store.uids(p, "INBOX")).containsExactly(1L);
        assertThat(store.uids(p, "Lists/News")).containsExactly(2L);
        assertThat(store.uids(p, "Lists")).containsExactly(1L);
    }

    @Test
    void expungesOlderThanTheStoreKeepsAreForgottenOneRunAfterTheyAreMarked() {
        Principal p = newUser();
        store.ensureDefaultMailboxes(p);
        store.append(p, "INBOX", message("kept", Instant.now()));
        store.append(p, "INBOX", message("deleted long ago", Instant.now()));
        store.append(p, "INBOX", message("deleted today", Instant.now()));
        long before = store.status(p, "INBOX").mailbox().highestModSeq();
        store.remove(p, "INBOX", org.mailplatform.store.MessageRange.uid(2));
        var messages = mongo.getCollection("messages");
        org.bson.Document old = new org.bson.Document("userId", p.userId()).append("uid", 2L);
        messages.updateOne(old, new org.bson.Document("$set", new org.bson.Document("expungedAt",
                java.util.Date.from(Instant.now().minus(java.time.Duration.ofDays(31))))));
        store.remove(p, "INBOX", org.mailplatform.store.MessageRange.uid(3));

        expungedPurge.run();
        assertThat(messages.countDocuments(old)).as("marked by the first run, not yet deleted").isEqualTo(1);
        expungedPurge.run();

        assertThat(messages.countDocuments(old)).isZero();
        assertThat(messages.countDocuments(new org.bson.Document("userId", p.userId()).append("uid", 3L)))
                .as("expunged today: kept for QRESYNC").isEqualTo(1);
        assertThat(store.changesSince(p, "INBOX", before).expungesForgotten()).isTrue();
        assertThat(store.changesSince(p, "INBOX", before).vanished()).containsExactly(3L);
        assertThat(meters.get("mail.expunged.forgotten").tag("kind", "message").counter().count())
                .isGreaterThanOrEqualTo(1);
        assertThatThrownBy(() -> new org.mailplatform.mailbox.expunged.ExpungedProperties(true,
                java.time.Duration.ZERO, java.time.Duration.ofHours(6))).isInstanceOf(IllegalArgumentException.class);
    }
}
