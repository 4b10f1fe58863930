package org.mailplatform.delivery.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.mailplatform.blob.BlobKey;
import org.mailplatform.delivery.DeliveryTestBase;
import org.mailplatform.delivery.queue.LocalDelivery;
import org.mailplatform.delivery.support.TestAdminTokens;
import org.mailplatform.model.InboundMessage;
import org.mailplatform.model.Principal;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The queue admin API against the running service and the test stack's Kafka: counts, listing,
 * replay (the record goes back to its topic and is delivered) and delete of DLQ entries, and who may
 * call it.
 */
class QueueAdminApiTest extends DeliveryTestBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String platform = TestAdminTokens.token("root", "PLATFORM");

    @LocalServerPort
    int port;

    @Test
    void onlyPlatformAdminsMaySeeTheQueues() throws Exception {
        assertThat(call("GET", "/api/admin/queue", null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/api/admin/queue", "not-a-token").statusCode()).isEqualTo(401);
        assertThat(call("GET", "/api/admin/queue", TestAdminTokens.token("tenant-admin", "TENANT")).statusCode())
                .isEqualTo(403);
        assertThat(call("GET", "/api/admin/queue", platform).statusCode()).isEqualTo(200);
    }

    @Test
    void aDeadLetterIsCountedListedAndReplayedToItsTopicWhereItIsDeliveredOnce() throws Exception {
        Principal user = directory.addUser(unique("replay") + "@local.test");
        InboundMessage m = deadLetterMissingBlob(user);
        JsonNode entry = awaitDlqEntry(m.id());
        assertThat(entry.path("deadLetter").path("stage").asString()).isEqualTo("local");
        assertThat(entry.path("deadLetter").path("originalTopic").asString()).isEqualTo(LOCAL);
        assertThat(entry.path("deadLetter").path("reason").asString()).contains("missing");
        assertThat(entry.path("sender").asString()).isEqualTo("s@example.org");
        assertThat(entry.path("recipients").get(0).asString()).isEqualTo(user.address());
        long dlqBefore = count("dlq");
        assertThat(dlqBefore).isPositive();

        // the operator fixes the cause (the blob is back), then replays
        byte[] bytes = content("replayed from the DLQ").getBytes(StandardCharsets.UTF_8);
        blobs.put(new BlobKey(m.blobKey()), new ByteArrayInputStream(bytes), bytes.length);
        HttpResponse<String> replay = call("POST", "/api/admin/queue/dlq/" + entry.path("id").asString() + "/replay",
                platform);
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
        assertThat(JSON.readTree(replay.body()).path("topic").asString()).isEqualTo(LOCAL);

        assertThat(awaitInbox(user, 1).getFirst()).contains("replayed from the DLQ");
        assertThat(dlqIds()).doesNotContain(entry.path("id").asString());
        assertThat(count("dlq")).isEqualTo(dlqBefore - 1);
        HttpResponse<String> again = call("POST", "/api/admin/queue/dlq/" + entry.path("id").asString() + "/replay",
                platform);
        assertThat(again.statusCode()).as("a replayed entry cannot be replayed twice").isEqualTo(409);
        assertThat(inbox(user)).hasSize(1);
    }

    @Test
    void aDeletedDeadLetterIsHiddenAndCannotBeReplayed() throws Exception {
        Principal user = directory.addUser(unique("delete") + "@local.test");
        InboundMessage m = deadLetterMissingBlob(user);
        String id = awaitDlqEntry(m.id()).path("id").asString();

        HttpResponse<String> delete = call("DELETE", "/api/admin/queue/dlq/" + id, platform);
        assertThat(delete.statusCode()).as(delete.body()).isEqualTo(200);

        assertThat(dlqIds()).doesNotContain(id);
        assertThat(call("POST", "/api/admin/queue/dlq/" + id + "/replay", platform).statusCode()).isEqualTo(409);
        assertThat(call("DELETE", "/api/admin/queue/dlq/999-0", platform).statusCode()).isEqualTo(404);
        assertThat(call("DELETE", "/api/admin/queue/dlq/nonsense", platform).statusCode()).isEqualTo(400);
        assertThat(call("GET", "/api/admin/queue/nosuchqueue", platform).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/api/admin/queue/dlq?limit=0", platform).statusCode()).isEqualTo(400);
    }

    @Test
    void aWaitingRetryIsListedWithItsNextAttemptAttemptsAndLastError() throws Exception {
        String remote = unique("later") + "@remote.test";
        BlobKey key = BlobKey.newFor("inbound", Instant.now());
        byte[] bytes = content("waiting for its retry").getBytes(StandardCharsets.UTF_8);
        blobs.put(key, new ByteArrayInputStream(bytes), bytes.length);
        InboundMessage m = new InboundMessage("Q" + UUID.randomUUID().toString().replace("-", ""), key.value(),
                bytes.length, Instant.now(), "someone@example.org", List.of(rcpt(remote)),
                new InboundMessage.Dsn(null, null), null, false, null, "t");
        // due in 45 s: the retry stage rewrites it to the end of the topic at each scan, so it is
        // pending at every moment until then (and then delivered to the test SMTP server)
        Instant notBefore = Instant.now().plusSeconds(45).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        var deferred = new org.mailplatform.delivery.queue.OutboundDelivery(m, "remote.test", m.recipients(), 2,
                notBefore, "smtp; 451 4.3.0 busy");
        var record = org.mailplatform.delivery.retry.RetryRecords.defer(RETRY, OUTBOUND, "remote.test",
                json.write(deferred), notBefore);
        send(RETRY, record.key(), record.value(), record.headers());

        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (JsonNode e : get("/api/admin/queue/retry?limit=500")) {
                if (m.id().equals(e.path("messageId").asString(null))) {
                    found[0] = e;
                    return true;
                }
            }
            return false;
        });
        assertThat(found[0].path("notBefore").asString()).isEqualTo(notBefore.toString());
        assertThat(found[0].path("attempts").asInt()).isEqualTo(2);
        assertThat(found[0].path("lastError").asString()).isEqualTo("smtp; 451 4.3.0 busy");
        assertThat(found[0].path("recipients").get(0).asString()).isEqualTo(remote);
        assertThat(count("retry")).isPositive();
        JsonNode counts = get("/api/admin/queue");
        assertThat(counts.findValuesAsString("queue")).containsExactly("inbound", "local", "outbound", "retry", "dlq");
    }

    private InboundMessage deadLetterMissingBlob(Principal user) {
        BlobKey key = BlobKey.newFor("inbound", Instant.now());
        InboundMessage m = new InboundMessage("Q" + UUID.randomUUID().toString().replace("-", ""), key.value(), 10,
                Instant.now(), "s@example.org", List.of(rcpt(user.address())), new InboundMessage.Dsn(null, null), null,
                false, null, "t");
        send(LOCAL, user.userId(), json.write(new LocalDelivery(m, rcpt(user.address()), user, 0, null)));
        return m;
    }

    private JsonNode awaitDlqEntry(String messageId) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (JsonNode e : get("/api/admin/queue/dlq?limit=500")) {
                if (messageId.equals(e.path("messageId").asString(null))) {
                    found[0] = e;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    private List<String> dlqIds() throws Exception {
        return get("/api/admin/queue/dlq?limit=500").findValuesAsString("id");
    }

    private long count(String queue) throws Exception {
        for (JsonNode q : get("/api/admin/queue")) {
            if (queue.equals(q.path("queue").asString())) {
                return q.path("count").asLong();
            }
        }
        throw new AssertionError("no queue " + queue);
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = call("GET", path, platform);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> call(String method, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
