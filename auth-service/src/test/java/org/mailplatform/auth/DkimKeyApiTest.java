package org.mailplatform.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mailplatform.directory.client.wire.DirectoryApi;
import org.springframework.beans.factory.annotation.Autowired;

import tools.jackson.databind.JsonNode;

/** The DKIM key admin API and the internal lookup the outbound signer uses, against the real service. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DkimKeyApiTest extends AuthServiceTestBase {

    @Autowired
    Clock clock;

    AdminHttp admin;

    @BeforeAll
    void admin() {
        admin = platformAdmin();
    }

    static String keys(String domain) {
        return "/api/admin/domains/" + AdminHttp.path(domain) + "/dkim";
    }

    AdminHttp.Reply signingKey(String domain) {
        return AdminHttp.service(port, SERVICE_TOKEN).post(DirectoryApi.DKIM_PATH, Map.of("domain", domain));
    }

    JsonNode domainWithKey(String domain) {
        admin.post("/api/admin/domains", Map.of("name", domain)).expect(201);
        return admin.post(keys(domain), Map.of()).expect(201).json();
    }

    @Test
    void firstKeyIsActiveLaterOnesWaitForActivation() {
        admin.post("/api/admin/domains", Map.of("name", "dkim-rotate.test")).expect(201);
        JsonNode first = admin.post(keys("dkim-rotate.test"), "").expect(201).json();
        String month = "mp" + DateTimeFormatter.ofPattern("yyyyMM").withZone(ZoneOffset.UTC).format(clock.instant());
        assertThat(first.get("domain").asString()).isEqualTo("dkim-rotate.test");
        assertThat(first.get("selector").asString()).isEqualTo(month);
        assertThat(first.get("bits").asInt()).isEqualTo(2048);
        assertThat(first.get("active").asBoolean()).isTrue();
        assertThat(first.get("dnsName").asString()).isEqualTo(month + "._domainkey.dkim-rotate.test");
        assertThat(first.get("dnsRecord").asString()).startsWith("v=DKIM1; k=rsa; p=MII");
        assertThat(first.get("createdAt").isNull()).isFalse();
        assertThat(first.get("activatedAt").isNull()).isFalse();

        JsonNode second = admin.post(keys("dkim-rotate.test"), Map.of("selector", "Next.Sel-2", "bits", 1024))
                .expect(201).json();
        assertThat(second.get("selector").asString()).isEqualTo("next.sel-2");
        assertThat(second.get("bits").asInt()).isEqualTo(1024);
        assertThat(second.get("active").asBoolean()).isFalse();
        assertThat(second.get("activatedAt").isNull()).isTrue();
        assertThat(selectors(admin.get(keys("dkim-rotate.test")).expect(200).json())).containsExactly(month, "next.sel-2");
        assertThat(signingKey("dkim-rotate.test").expect(200).json().get("selector").asString()).isEqualTo(month);

        JsonNode activated = admin.post(keys("dkim-rotate.test") + "/next.sel-2/activate").expect(200).json();
        assertThat(activated.get("active").asBoolean()).isTrue();
        JsonNode listed = admin.get(keys("dkim-rotate.test")).expect(200).json();
        assertThat(selectors(listed)).containsExactly("next.sel-2", month);
        assertThat(listed.get(1).get("active").asBoolean()).as("the old key stays, inactive").isFalse();
        assertThat(signingKey("dkim-rotate.test").json().get("selector").asString()).isEqualTo("next.sel-2");

        JsonNode third = admin.post(keys("dkim-rotate.test"), Map.of("selector", "third", "activate", true))
                .expect(201).json();
        assertThat(third.get("active").asBoolean()).isTrue();
        assertThat(StreamSupport.stream(admin.get(keys("dkim-rotate.test")).json().spliterator(), false)
                .filter(k -> k.get("active").asBoolean()).count()).isEqualTo(1);
    }

    @Test
    void anEd25519KeySignsNextToTheRsaKeyEachRotatedOnItsOwn() {
        JsonNode rsa = domainWithKey("dkim-ed.test");
        assertThat(rsa.get("algorithm").asString()).isEqualTo("rsa-sha256");
        JsonNode ed = admin.post(keys("dkim-ed.test"), Map.of("selector", "ed1", "algorithm", "ed25519")).expect(201).json();
        assertThat(ed.get("algorithm").asString()).isEqualTo("ed25519-sha256");
        assertThat(ed.get("bits").asInt()).isEqualTo(256);
        assertThat(ed.get("active").asBoolean()).as("its DNS record is not published yet").isFalse();
        String record = ed.get("dnsRecord").asString();
        assertThat(record).startsWith("v=DKIM1; k=ed25519; p=");
        assertThat(Base64.getDecoder().decode(record.substring(record.indexOf("p=") + 2))).as("the raw key, RFC 8463 4")
                .hasSize(32);

        admin.post(keys("dkim-ed.test") + "/ed1/activate").expect(200);
        assertThat(StreamSupport.stream(admin.get(keys("dkim-ed.test")).json().spliterator(), false)
                .filter(k -> k.get("active").asBoolean()).map(k -> k.get("algorithm").asString()))
                .as("one active key per algorithm").containsExactlyInAnyOrder("rsa-sha256", "ed25519-sha256");
        admin.post(keys("dkim-ed.test"), Map.of("selector", "ed2", "algorithm", "ed25519-sha256", "activate", true))
                .expect(201);
        assertThat(StreamSupport.stream(admin.get(keys("dkim-ed.test")).json().spliterator(), false)
                .filter(k -> k.get("active").asBoolean()).map(k -> k.get("selector").asString()))
                .containsExactlyInAnyOrder(rsa.get("selector").asString(), "ed2");
        JsonNode both = signingKey("dkim-ed.test").expect(200).json();
        assertThat(StreamSupport.stream(both.get("keys").spliterator(), false)
                .map(k -> k.get("algorithm").asString() + " " + k.get("selector").asString()))
                .as("every active key, RSA first").containsExactly("rsa-sha256 " + rsa.get("selector").asString(),
                        "ed25519-sha256 ed2");
        assertThat(both.get("keys").get(1).get("privateKey").asString()).as("PKCS#8 of an Ed25519 key")
                .startsWith("MC4CAQAwBQYDK2Vw");
        assertThat(both.get("status").asString()).isEqualTo("FOUND");
        assertThat(both.get("selector").asString()).as("what directory-clients before dual signing read: the RSA key")
                .isEqualTo(rsa.get("selector").asString());
        assertThat(both.get("privateKey").asString()).isEqualTo(both.get("keys").get(0).get("privateKey").asString());

        admin.post(keys("dkim-ed.test"), Map.of("selector", "ed3", "algorithm", "ed25519", "bits", 2048))
                .expectProblem(400, "bad-request");
        admin.post(keys("dkim-ed.test"), Map.of("selector", "ec1", "algorithm", "ecdsa")).expectProblem(400, "bad-request");
    }

    @Test
    void aDomainSigningWithEd25519OnlyIsNoneForClientsThatReadOneRsaKey() {
        admin.post("/api/admin/domains", Map.of("name", "dkim-ed-only.test")).expect(201);
        admin.post(keys("dkim-ed-only.test"), Map.of("selector", "ed1", "algorithm", "ed25519")).expect(201);
        JsonNode found = signingKey("dkim-ed-only.test").expect(200).json();
        assertThat(found.get("status").asString()).as("an older client sends unsigned, as before, not deferred")
                .isEqualTo("NONE");
        assertThat(found.get("selector").isNull()).isTrue();
        assertThat(found.get("privateKey").isNull()).isTrue();
        assertThat(found.get("domain").asString()).isEqualTo("dkim-ed-only.test");
        assertThat(found.get("tenantId").asString()).isEqualTo("default");
        assertThat(StreamSupport.stream(found.get("keys").spliterator(), false)
                .map(k -> k.get("algorithm").asString() + " " + k.get("selector").asString()))
                .containsExactly("ed25519-sha256 ed1");
        JsonNode none = signingKey("dkim-unknown-ed.test").expect(200).json();
        assertThat(none.get("status").asString()).isEqualTo("NONE");
        assertThat(none.get("keys")).isEmpty();
    }

    @Test
    void theListNeverHoldsAPrivateKey() {
        domainWithKey("dkim-secret.test");
        String privateKey = signingKey("dkim-secret.test").expect(200).json().get("privateKey").asString();
        assertThat(privateKey).startsWith("MII");
        AdminHttp.Reply list = admin.get(keys("dkim-secret.test")).expect(200);
        assertThat(list.body()).doesNotContain(privateKey.substring(0, 200)).doesNotContainIgnoringCase("private");
    }

    @Test
    void badSelectorsAndSizesAreRefusedAndSelectorsAreUnique() {
        admin.post("/api/admin/domains", Map.of("name", "dkim-bad.test")).expect(201);
        for (String selector : List.of("", "-x", "x-", "a..b", "a.", "under_score", "x".repeat(64), "ü")) {
            admin.post(keys("dkim-bad.test"), Map.of("selector", selector)).expectProblem(400, "bad-request");
        }
        for (int bits : List.of(512, 2047, 8192)) {
            admin.post(keys("dkim-bad.test"), Map.of("bits", bits)).expectProblem(400, "bad-request");
        }
        admin.post(keys("dkim-bad.test"), Map.of("selector", "x".repeat(63) + ".s2")).expect(201);
        admin.post(keys("dkim-bad.test"), Map.of()).expect(201);
        admin.post(keys("dkim-bad.test"), Map.of()).expectProblem(409, "duplicate");
        admin.post(keys("dkim-bad.test"), Map.of("selector", "X".repeat(63) + ".S2")).expectProblem(409, "duplicate");
        admin.post(keys("dkim-bad.test") + "/nope/activate").expectProblem(404, "unknown-dkim-key");
        admin.delete(keys("dkim-bad.test") + "/nope").expectProblem(404, "unknown-dkim-key");
        admin.post(keys("nowhere-dkim.test"), Map.of()).expectProblem(404, "unknown-domain");
    }

    @Test
    void removingKeysAndDomains() {
        String active = domainWithKey("dkim-remove.test").get("selector").asString();
        admin.post(keys("dkim-remove.test"), Map.of("selector", "spare")).expect(201);
        admin.delete(keys("dkim-remove.test") + "/" + active).expect(204);
        assertThat(selectors(admin.get(keys("dkim-remove.test")).json())).containsExactly("spare");
        assertThat(signingKey("dkim-remove.test").json().get("status").asString())
                .as("the spare key is not activated by itself").isEqualTo("NONE");
        admin.delete(keys("dkim-remove.test") + "/" + active).expectProblem(404, "unknown-dkim-key");

        admin.delete("/api/admin/domains/dkim-remove.test").expect(204);
        admin.post("/api/admin/domains", Map.of("name", "dkim-remove.test")).expect(201);
        assertThat(admin.get(keys("dkim-remove.test")).expect(200).json()).as("gone with the domain").isEmpty();
    }

    @Test
    void aDomainAliasHasItsOwnKeys() {
        domainWithKey("dkim-main.test");
        admin.post("/api/admin/domains", Map.of("name", "dkim-alias.test", "aliasOf", "dkim-main.test")).expect(201);
        assertThat(signingKey("dkim-alias.test").json().get("status").asString()).isEqualTo("NONE");
        admin.post(keys("dkim-alias.test"), Map.of("selector", "alias")).expect(201);
        JsonNode found = signingKey("dkim-alias.test").json();
        assertThat(found.get("domain").asString()).isEqualTo("dkim-alias.test");
        assertThat(found.get("selector").asString()).isEqualTo("alias");
    }

    @Test
    void anotherTenantsDomainIsAnsweredLikeAMissingOne() {
        admin.post("/api/admin/tenants", Map.of("id", "dkim-a")).expect(201);
        admin.post("/api/admin/tenants", Map.of("id", "dkim-b")).expect(201);
        admin.post("/api/admin/tenants/dkim-b/admins", Map.of("username", "dkim-b-admin", "password", "dkim-b-pass"))
                .expect(201);
        admin.post("/api/admin/domains", Map.of("name", "dkim-a.test", "tenant", "dkim-a")).expect(201);
        String selector = admin.post(keys("dkim-a.test"), Map.of()).expect(201).json().get("selector").asString();
        AdminHttp other = AdminHttp.login(port, "dkim-b-admin", "dkim-b-pass");
        for (String domain : List.of("dkim-a.test", "dkim-missing.test")) {
            List<AdminHttp.Reply> replies = List.of(other.get(keys(domain)), other.post(keys(domain), Map.of()),
                    other.post(keys(domain) + "/" + selector + "/activate"),
                    other.delete(keys(domain) + "/" + selector));
            for (AdminHttp.Reply reply : replies) {
                reply.expectProblem(404, "unknown-domain");
                assertThat(reply.json().get("detail").asString()).isEqualTo("no domain " + domain);
            }
        }
        admin.post("/api/admin/domains", Map.of("name", "dkim-b.test", "tenant", "dkim-b")).expect(201);
        other.post(keys("dkim-b.test"), Map.of()).expect(201);
        assertThat(admin.get(keys("dkim-a.test")).json().get(0).get("active").asBoolean()).isTrue();
    }

    @Test
    void theInternalLookupNormalisesTheDomainAndNeedsTheServiceToken() {
        JsonNode key = domainWithKey("Bücher-DKIM.test");
        assertThat(key.get("domain").asString()).isEqualTo("xn--bcher-dkim-9db.test");
        for (String asked : List.of("bücher-dkim.test", "BÜCHER-dkim.TEST", "XN--BCHER-DKIM-9DB.test",
                " xn--bcher-dkim-9db.test ")) {
            JsonNode found = signingKey(asked).expect(200).json();
            assertThat(found.get("status").asString()).as(asked).isEqualTo("FOUND");
            assertThat(found.get("domain").asString()).isEqualTo("xn--bcher-dkim-9db.test");
            assertThat(found.get("tenantId").asString()).isEqualTo("default");
            assertThat(found.get("selector").asString()).isEqualTo(key.get("selector").asString());
        }
        admin.post("/api/admin/domains", Map.of("name", "dkim-keyless.test")).expect(201);
        for (String asked : List.of("dkim-unknown.test", "dkim-keyless.test", "not a domain", "[192.0.2.1]")) {
            assertThat(signingKey(asked).expect(200).json().get("status").asString()).as(asked).isEqualTo("NONE");
        }
        AdminHttp.service(port, null).post(DirectoryApi.DKIM_PATH, Map.of("domain", "bücher-dkim.test"))
                .expectProblem(401, "unauthorized");
        AdminHttp.service(port, "wrong").post(DirectoryApi.DKIM_PATH, Map.of("domain", "bücher-dkim.test"))
                .expectProblem(401, "unauthorized");
    }

    @Test
    void concurrentActivationsLeaveOneSigningKey() throws Exception {
        domainWithKey("dkim-race.test");
        admin.post(keys("dkim-race.test"), Map.of("selector", "a", "bits", 1024)).expect(201);
        admin.post(keys("dkim-race.test"), Map.of("selector", "b", "bits", 1024)).expect(201);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int round = 0; round < 15; round++) {
                List<Future<AdminHttp.Reply>> both = new ArrayList<>();
                for (String selector : List.of("a", "b")) {
                    both.add(threads.submit(() -> admin.post(keys("dkim-race.test") + "/" + selector + "/activate")));
                }
                for (Future<AdminHttp.Reply> reply : both) {
                    reply.get().expect(200);
                }
                List<JsonNode> active = StreamSupport.stream(admin.get(keys("dkim-race.test")).json().spliterator(), false)
                        .filter(k -> k.get("active").asBoolean()).toList();
                assertThat(active).as("round %d", round).isNotEmpty();
                // two activations in one millisecond may both stay active: the latest activation signs
                String winner = active.stream().max(Comparator.comparing((JsonNode k) -> Instant.parse(k.get("activatedAt").asString()))
                        .thenComparing(k -> k.get("dnsName").asString())).orElseThrow().get("selector").asString();
                JsonNode signing = signingKey("dkim-race.test").json();
                assertThat(signing.get("selector").asString()).isEqualTo(winner);
                assertThat(signing.get("keys")).as("one key per algorithm, even then").hasSize(1);
                assertThat(signing.get("keys").get(0).get("selector").asString()).isEqualTo(winner);
            }
        }
    }

    static List<String> selectors(JsonNode keys) {
        return StreamSupport.stream(keys.spliterator(), false).map(k -> k.get("selector").asString()).toList();
    }
}
