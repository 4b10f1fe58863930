package org.mailplatform.directory.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mailplatform.directory.client.FakeAuthService.Reply.json;
import static org.mailplatform.directory.client.FakeAuthService.Reply.stall;
import static org.mailplatform.directory.client.FakeAuthService.Reply.status;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mailplatform.directory.client.wire.DirectoryApi;
import org.mailplatform.model.Principal;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** HttpDirectory against a real HTTP server that answers, fails, stalls or is not there at all. */
class HttpDirectoryTest {

    static final String ALICE = """
            {"outcome":"LOCAL_USER","principal":{"tenantId":"t1","userId":"u1","address":"alice@example.test"}}""";
    static final String UNKNOWN = """
            {"outcome":"UNKNOWN_USER"}""";
    static final String AUTHENTICATED = """
            {"outcome":"AUTHENTICATED","principal":{"tenantId":"t1","userId":"u1","address":"alice@example.test"}}""";

    final FakeAuthService auth = new FakeAuthService();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final List<HttpDirectory> clients = new ArrayList<>();

    @AfterEach
    void close() {
        clients.forEach(HttpDirectory::close);
        auth.close();
    }

    HttpDirectory directory(DirectoryClientSettings.Builder settings) {
        HttpDirectory directory = new HttpDirectory(settings.build(), meters);
        clients.add(directory);
        return directory;
    }

    DirectoryClientSettings.Builder settings() {
        return DirectoryClientSettings.builder(auth.url(), "s3rvice").resolveTimeout(Duration.ofSeconds(3))
                .authenticateTimeout(Duration.ofSeconds(3)).retryWait(Duration.ofMillis(10));
    }

    @Test
    void resolveAnswersAndIsCachedCaseInsensitively() {
        auth.on(DirectoryApi.RESOLVE_PATH, json(ALICE));
        HttpDirectory directory = directory(settings());
        Resolution first = directory.resolve("alice@example.test");
        assertThat(first).isEqualTo(new Resolution.LocalUser(new Principal("t1", "u1", "alice@example.test")));
        assertThat(directory.resolve("ALICE@example.test")).isEqualTo(first);
        assertThat(auth.hits(DirectoryApi.RESOLVE_PATH)).isEqualTo(1);
        assertThat(auth.tokens()).containsOnly("s3rvice");
        assertThat(meters.get("cache.gets").tag("cache", "directory.resolve").tag("result", "hit").functionCounter()
                .count()).isEqualTo(1);
    }

    @Test
    void negativeAnswersAreCachedForTheirOwnShortTime() throws Exception {
        auth.on(DirectoryApi.RESOLVE_PATH, json(UNKNOWN));
        HttpDirectory directory = directory(settings().cache(Duration.ofMinutes(1), Duration.ofSeconds(1), 100));
        assertThat(directory.resolve("nobody@example.test")).isInstanceOf(Resolution.UnknownUser.class);
        int afterFirst = auth.hits(DirectoryApi.RESOLVE_PATH);
        assertThat(directory.resolve("nobody@example.test")).isInstanceOf(Resolution.UnknownUser.class);
        assertThat(auth.hits(DirectoryApi.RESOLVE_PATH)).isEqualTo(afterFirst);
        // after the negative TTL (1 s) the next resolve asks again, exactly once
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            directory.resolve("nobody@example.test");
            return auth.hits(DirectoryApi.RESOLVE_PATH) > afterFirst;
        });
        assertThat(auth.hits(DirectoryApi.RESOLVE_PATH)).isEqualTo(afterFirst + 1);
    }

    @Test
    void resolveRetriesServerErrorsAndIsNotCachedWhileUnavailable() {
        auth.on(DirectoryApi.RESOLVE_PATH, status(503), status(500), json(ALICE));
        HttpDirectory directory = directory(settings());
        assertThat(directory.resolve("alice@example.test")).isInstanceOf(Resolution.LocalUser.class);
        assertThat(auth.hits(DirectoryApi.RESOLVE_PATH)).isEqualTo(3);

        auth.on(DirectoryApi.RESOLVE_PATH, status(500));
        assertThat(directory.resolve("bob@example.test")).isInstanceOf(Resolution.Unavailable.class);
        assertThat(auth.hits(DirectoryApi.RESOLVE_PATH)).isEqualTo(6);
        auth.on(DirectoryApi.RESOLVE_PATH, json(UNKNOWN));
        assertThat(directory.resolve("bob@example.test")).as("Unavailable was not cached")
                .isInstanceOf(Resolution.UnknownUser.class);
    }

    @Test
    void authenticateMapsAnswersAndIsNeverRetriedOrCached() throws Exception {
        auth.on(DirectoryApi.AUTHENTICATE_PATH, json(AUTHENTICATED));
        HttpDirectory directory = directory(settings());
        InetAddress client = InetAddress.getByName("192.0.2.1");
        assertThat(directory.authenticate("alice@example.test", "pw", Protocol.IMAP, client))
                .isInstanceOf(AuthResult.Authenticated.class);
        directory.authenticate("alice@example.test", "pw", Protocol.IMAP, client);
        assertThat(auth.hits(DirectoryApi.AUTHENTICATE_PATH)).isEqualTo(2);
        assertThat(auth.bodies().get(0)).contains("\"protocol\":\"IMAP\"").contains("\"clientAddress\":\"192.0.2.1\"");

        auth.on(DirectoryApi.AUTHENTICATE_PATH, json("{\"outcome\":\"REJECTED\",\"reason\":\"THROTTLED\"}"));
        assertThat(directory.authenticate("alice@example.test", "pw", Protocol.POP3, null))
                .isEqualTo(new AuthResult.Rejected(AuthResult.Rejected.THROTTLED));

        auth.on(DirectoryApi.AUTHENTICATE_PATH, status(503));
        int before = auth.hits(DirectoryApi.AUTHENTICATE_PATH);
        assertThat(directory.authenticate("alice@example.test", "pw", Protocol.SMTP, null))
                .isInstanceOf(AuthResult.Unavailable.class);
        assertThat(auth.hits(DirectoryApi.AUTHENTICATE_PATH)).isEqualTo(before + 1);
    }

    @Test
    void quotaIsLookedUpByUserIdAndCached() {
        auth.on(DirectoryApi.QUOTA_PATH, status(503), json(
                "{\"outcome\":\"FOUND\",\"userMaxBytes\":1000,\"userMaxMessages\":null,"
                        + "\"domainMaxBytes\":5000,\"domainMaxMessages\":10}"));
        HttpDirectory directory = directory(settings());
        Principal alice = new Principal("t1", "u1", "alice@example.test");
        assertThat(directory.quotaOf(alice)).isEqualTo(new QuotaResult.Limits(1000L, null, 5000L, 10L));
        assertThat(directory.quotaOf(alice)).isEqualTo(new QuotaResult.Limits(1000L, null, 5000L, 10L));
        assertThat(auth.hits(DirectoryApi.QUOTA_PATH)).as("one retry, then cached").isEqualTo(2);
        assertThat(auth.bodies().get(1)).isEqualTo("{\"userId\":\"u1\"}");

        auth.on(DirectoryApi.QUOTA_PATH, json("{\"outcome\":\"UNKNOWN_USER\"}"));
        assertThat(directory.quotaOf(new Principal("t1", "gone", "x@example.test")))
                .isInstanceOf(QuotaResult.UnknownUser.class);
        auth.on(DirectoryApi.QUOTA_PATH, status(500));
        assertThat(directory.quotaOf(new Principal("t1", "u2", "y@example.test")))
                .isInstanceOf(QuotaResult.Unavailable.class);
    }

    @Test
    void submissionReservationIsNeverCachedAndMapsBothAnswers() {
        auth.on(DirectoryApi.SUBMISSIONS_PATH, json("{\"outcome\":\"ALLOWED\",\"hourCount\":1,\"dayCount\":7}"),
                json("{\"outcome\":\"LIMITED\",\"hourCount\":200,\"dayCount\":300,\"window\":\"HOUR\","
                        + "\"limit\":200,\"resetsAt\":\"2026-03-01T14:00:00Z\"}"));
        HttpDirectory directory = directory(settings());
        Principal alice = new Principal("t1", "u1", "alice@example.test");
        assertThat(directory.reserveSubmission(alice)).isEqualTo(new SubmissionAllowance.Allowed(1, 7));
        assertThat(auth.bodies().getFirst()).isEqualTo("{\"tenantId\":\"t1\",\"userId\":\"u1\"}");
        assertThat(directory.reserveSubmission(alice)).isEqualTo(new SubmissionAllowance.Limited(
                SubmissionAllowance.Window.HOUR, 200, java.time.Instant.parse("2026-03-01T14:00:00Z")));
        assertThat(auth.hits(DirectoryApi.SUBMISSIONS_PATH)).as("every reservation asks").isEqualTo(2);
        assertThat(meters.get("mail.directory.calls").tag("operation", "submission").tag("outcome", "limited").timer()
                .count()).isEqualTo(1);
    }

    @Test
    void submissionReservationIsNotRetriedOnceSentAndAnswersUnknown() {
        // the server may have counted before failing: a retry could count the message twice
        auth.on(DirectoryApi.SUBMISSIONS_PATH, status(503), json("{\"outcome\":\"ALLOWED\"}"));
        HttpDirectory directory = directory(settings().resolveAttempts(3));
        Principal alice = new Principal("t1", "u1", "alice@example.test");
        assertThat(directory.reserveSubmission(alice)).isEqualTo(new SubmissionAllowance.Unknown("directory answered HTTP 503"));
        assertThat(auth.hits(DirectoryApi.SUBMISSIONS_PATH)).isEqualTo(1);
        auth.on(DirectoryApi.SUBMISSIONS_PATH, json("{\"outcome\":\"SOMETHING_NEW\"}"));
        assertThat(directory.reserveSubmission(alice)).isInstanceOf(SubmissionAllowance.Unknown.class);
        auth.on(DirectoryApi.SUBMISSIONS_PATH, stall());
        HttpDirectory impatient = directory(settings().resolveAttempts(3).resolveTimeout(Duration.ofMillis(300)));
        assertThat(impatient.reserveSubmission(alice)).isEqualTo(new SubmissionAllowance.Unknown("directory timed out"));
        assertThat(auth.hits(DirectoryApi.SUBMISSIONS_PATH)).as("a timeout is not retried either").isEqualTo(3);
        assertThat(meters.get("mail.directory.calls").tag("operation", "submission").tag("outcome", "unavailable")
                .timer().count()).isEqualTo(3);
    }

    @Test
    void dkimKeyOfAnAuthServiceBeforeDualSigningIsDecodedAsRsaAndCachedWithNoKey() throws Exception {
        KeyPair pair = rsaKeyPair();
        auth.on(DirectoryApi.DKIM_PATH, json(dkimFound(Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()))));
        HttpDirectory directory = directory(settings());
        DkimKeyResult found = directory.signingKeys("Example.test");
        assertThat(found).isInstanceOfSatisfying(DkimKeyResult.SigningKeys.class, keys -> {
            assertThat(keys.domain()).isEqualTo("example.test");
            assertThat(keys.tenantId()).isEqualTo("t1");
            assertThat(keys.keys()).singleElement().satisfies(key -> {
                assertThat(key.algorithm()).isEqualTo(DkimAlgorithm.RSA_SHA256);
                assertThat(key.selector()).isEqualTo("mp202612");
                assertThat(key.privateKey().getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
            });
        });
        assertThat(auth.bodies().getFirst()).isEqualTo("{\"domain\":\"Example.test\"}");
        assertThat(directory.signingKeys("example.test")).as("cached, case-insensitively").isSameAs(found);
        assertThat(auth.hits(DirectoryApi.DKIM_PATH)).isEqualTo(1);

        auth.on(DirectoryApi.DKIM_PATH, json("{\"status\":\"NONE\"}"));
        assertThat(directory.signingKeys("unsigned.test")).isEqualTo(new DkimKeyResult.NoKey());
        assertThat(directory.signingKeys("unsigned.test")).isEqualTo(new DkimKeyResult.NoKey());
        assertThat(auth.hits(DirectoryApi.DKIM_PATH)).as("no key is cached too").isEqualTo(2);
        assertThat(meters.get("cache.gets").tag("cache", "directory.dkim").tag("result", "hit").functionCounter()
                .count()).isEqualTo(2);
        assertThat(meters.get("mail.directory.calls").tag("operation", "dkim").tag("outcome", "found").timer().count())
                .isEqualTo(1);
        assertThat(meters.get("mail.directory.calls").tag("operation", "dkim").tag("outcome", "none").timer().count())
                .isEqualTo(1);
    }

    @Test
    void everyActiveKeyIsDecodedWithItsAlgorithmAndCachedTogether() throws Exception {
        KeyPair rsa = rsaKeyPair();
        KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        auth.on(DirectoryApi.DKIM_PATH, json(dkimKeys("FOUND", key("rsa-sha256", "rsa1", rsa), key("ed25519-sha256", "ed1", ed))));
        HttpDirectory directory = directory(settings());

        DkimKeyResult found = directory.signingKeys("example.test");
        assertThat(found).isInstanceOfSatisfying(DkimKeyResult.SigningKeys.class, keys -> {
            assertThat(keys.keys()).extracting(DkimKeyResult.SigningKey::algorithm, DkimKeyResult.SigningKey::selector)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(DkimAlgorithm.RSA_SHA256, "rsa1"),
                            org.assertj.core.groups.Tuple.tuple(DkimAlgorithm.ED25519_SHA256, "ed1"));
            assertThat(keys.keys().get(0).privateKey().getEncoded()).isEqualTo(rsa.getPrivate().getEncoded());
            assertThat(keys.keys().get(1).privateKey().getAlgorithm()).isIn("Ed25519", "EdDSA");
            assertThat(keys.keys().get(1).privateKey().getEncoded()).isEqualTo(ed.getPrivate().getEncoded());
        });
        assertThat(directory.signingKeys("EXAMPLE.test")).isSameAs(found);
        assertThat(auth.hits(DirectoryApi.DKIM_PATH)).isEqualTo(1);

        auth.on(DirectoryApi.DKIM_PATH, json(dkimKeys("NONE", key("ed25519-sha256", "ed1", ed))));
        assertThat(directory.signingKeys("ed-only.test")).as("NONE speaks of the RSA key older clients read")
                .isInstanceOfSatisfying(DkimKeyResult.SigningKeys.class, keys -> assertThat(keys.keys())
                        .extracting(DkimKeyResult.SigningKey::algorithm).containsExactly(DkimAlgorithm.ED25519_SHA256));
        auth.on(DirectoryApi.DKIM_PATH, json(dkimKeys("NONE")));
        assertThat(directory.signingKeys("none.test")).isEqualTo(new DkimKeyResult.NoKey());
    }

    @Test
    void aKeyOfAnAlgorithmUnknownHereIsSkippedWithALogLineNeverAFailure() throws Exception {
        KeyPair rsa = rsaKeyPair();
        String future = "{\"algorithm\":\"mldsa65-sha512\",\"selector\":\"pq1\",\"privateKey\":\"AAAA\"}";
        auth.on(DirectoryApi.DKIM_PATH, json(dkimKeys("FOUND", future, key("rsa-sha256", "rsa1", rsa))),
                json(dkimKeys("NONE", future)));
        HttpDirectory directory = directory(settings());
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger(org.mailplatform.directory.client.wire.DkimKeyResponse.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> log =
                new ch.qos.logback.core.read.ListAppender<>();
        log.start();
        logger.addAppender(log);
        try {
            assertThat(directory.signingKeys("example.test")).isInstanceOfSatisfying(DkimKeyResult.SigningKeys.class,
                    keys -> assertThat(keys.keys()).extracting(DkimKeyResult.SigningKey::selector).containsExactly("rsa1"));
            assertThat(directory.signingKeys("future-only.test")).as("mail goes out unsigned, not deferred")
                    .isEqualTo(new DkimKeyResult.NoKey());
        } finally {
            logger.detachAppender(log);
        }
        assertThat(log.list).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                .containsExactly(
                        "DKIM key pq1._domainkey.example.test skipped: algorithm mldsa65-sha512 is unknown to this directory client",
                        "DKIM key pq1._domainkey.example.test skipped: algorithm mldsa65-sha512 is unknown to this directory client");
    }

    @Test
    void anUndecodableKeyBesideAGoodOneIsSkippedAndAloneIsUnavailable() throws Exception {
        KeyPair ed = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String garbage = Base64.getEncoder().encodeToString("not a PKCS#8 key at all".getBytes());
        String badRsa = "{\"algorithm\":\"rsa-sha256\",\"selector\":\"rsa1\",\"privateKey\":\"" + garbage + "\"}";
        auth.on(DirectoryApi.DKIM_PATH, json(dkimKeys("FOUND", badRsa, key("ed25519-sha256", "ed1", ed))),
                json(dkimKeys("FOUND", badRsa)));
        HttpDirectory directory = directory(settings());

        assertThat(directory.signingKeys("example.test")).isInstanceOfSatisfying(DkimKeyResult.SigningKeys.class,
                keys -> assertThat(keys.keys()).extracting(DkimKeyResult.SigningKey::selector).containsExactly("ed1"));
        DkimKeyResult alone = directory.signingKeys("rsa-only.test");
        assertThat(alone).isInstanceOfSatisfying(DkimKeyResult.Unavailable.class, u -> assertThat(u.detail())
                .startsWith("directory sent an undecodable DKIM key for example.test selector rsa1")
                .doesNotContain(garbage));
        assertThat(directory.signingKeys("rsa-only.test")).as("not cached").isInstanceOf(DkimKeyResult.Unavailable.class);
        assertThat(auth.hits(DirectoryApi.DKIM_PATH)).isEqualTo(3);
    }

    @Test
    void unavailableDkimKeyIsRetriedAndNotCached() {
        auth.on(DirectoryApi.DKIM_PATH, status(500));
        HttpDirectory directory = directory(settings().resolveAttempts(2));
        assertThat(directory.signingKeys("example.test")).isEqualTo(new DkimKeyResult.Unavailable("directory answered HTTP 500"));
        assertThat(auth.hits(DirectoryApi.DKIM_PATH)).as("retried like resolve").isEqualTo(2);
        auth.on(DirectoryApi.DKIM_PATH, json("{\"status\":\"NONE\"}"));
        assertThat(directory.signingKeys("example.test")).isEqualTo(new DkimKeyResult.NoKey());
        assertThat(meters.get("mail.directory.calls").tag("operation", "dkim").tag("outcome", "unavailable").timer()
                .count()).isEqualTo(1);
    }

    @Test
    void undecodableDkimKeyIsUnavailableWithoutQuotingIt() {
        String garbage = Base64.getEncoder().encodeToString("not a PKCS#8 key at all".getBytes());
        auth.on(DirectoryApi.DKIM_PATH, json(dkimFound(garbage)), json(dkimFound("%%% not base64")));
        HttpDirectory directory = directory(settings());
        DkimKeyResult result = directory.signingKeys("example.test");
        assertThat(result).isInstanceOfSatisfying(DkimKeyResult.Unavailable.class, u -> assertThat(u.detail())
                .startsWith("directory sent an undecodable DKIM key for example.test selector mp202612")
                .doesNotContain(garbage));
        assertThat(directory.signingKeys("example.test")).as("not cached, not base64 either")
                .isInstanceOf(DkimKeyResult.Unavailable.class);
        assertThat(auth.hits(DirectoryApi.DKIM_PATH)).isEqualTo(2);
    }

    /** The answer of an auth-service from before dual signing: one RSA key, no keys list. */
    static String dkimFound(String privateKey) {
        return """
                {"status":"FOUND","domain":"example.test","tenantId":"t1","selector":"mp202612","privateKey":"%s"}"""
                .formatted(privateKey);
    }

    /** The answer of a dual-signing auth-service (its legacy RSA fields left out: this client ignores them then). */
    static String dkimKeys(String status, String... keys) {
        return """
                {"status":"%s","domain":"example.test","tenantId":"t1","keys":[%s]}""".formatted(status,
                String.join(",", keys));
    }

    static String key(String algorithm, String selector, KeyPair pair) {
        return """
                {"algorithm":"%s","selector":"%s","privateKey":"%s"}""".formatted(algorithm, selector,
                Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
    }

    static KeyPair rsaKeyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        return generator.generateKeyPair();
    }

    @Test
    void stalledServerTimesOutAsUnavailable() {
        auth.on(DirectoryApi.RESOLVE_PATH, stall());
        auth.on(DirectoryApi.AUTHENTICATE_PATH, stall());
        HttpDirectory directory = directory(settings().resolveAttempts(1).resolveTimeout(Duration.ofMillis(300))
                .authenticateTimeout(Duration.ofMillis(300)));
        long start = System.nanoTime();
        Resolution resolution = directory.resolve("alice@example.test");
        AuthResult auth = directory.authenticate("alice@example.test", "pw", Protocol.IMAP, null);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(resolution).isEqualTo(new Resolution.Unavailable("directory timed out"));
        assertThat(auth).isEqualTo(new AuthResult.Unavailable("directory timed out"));
        assertThat(took).isLessThan(Duration.ofSeconds(2));
        assertThat(meters.get("mail.directory.calls").tag("operation", "resolve").tag("outcome", "unavailable")
                .timer().count()).isEqualTo(1);
    }

    @Test
    void refusedConnectionIsUnavailable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        HttpDirectory directory = directory(
                DirectoryClientSettings.builder(URI.create("http://127.0.0.1:" + closedPort), "s").resolveAttempts(2)
                        .retryWait(Duration.ofMillis(1)));
        assertThat(directory.resolve("alice@example.test")).isInstanceOf(Resolution.Unavailable.class);
        assertThat(directory.authenticate("a@b.test", "pw", Protocol.IMAP, null)).isInstanceOf(AuthResult.Unavailable.class);
        assertThat(directory.reserveSubmission(new Principal("t1", "u1", "a@b.test")))
                .isInstanceOfSatisfying(SubmissionAllowance.Unknown.class,
                        u -> assertThat(u.detail()).startsWith("directory unreachable"));
    }

    @Test
    void wrongServiceTokenIsUnavailableNotARejection() {
        auth.on(DirectoryApi.AUTHENTICATE_PATH, status(401));
        HttpDirectory directory = directory(settings());
        assertThat(directory.authenticate("a@b.test", "pw", Protocol.IMAP, null))
                .isEqualTo(new AuthResult.Unavailable("directory refused the service token (HTTP 401)"));
    }

    @Test
    void breakerOpensStopsCallingAndClosesAgainWhenTheServerRecovers() throws Exception {
        auth.on(DirectoryApi.RESOLVE_PATH, status(500));
        HttpDirectory directory = directory(settings().resolveAttempts(1).breaker(50, 4, 4, Duration.ofMillis(300)));
        for (int i = 0; i < 4; i++) {
            directory.resolve("user" + i + "@example.test");
        }
        assertThat(auth.hits(DirectoryApi.RESOLVE_PATH)).isEqualTo(4);
        assertThat(directory.resolve("other@example.test")).isEqualTo(new Resolution.Unavailable("directory circuit open"));
        assertThat(auth.hits(DirectoryApi.RESOLVE_PATH)).as("open circuit does not call").isEqualTo(4);
        assertThat(meters.get("resilience4j.circuitbreaker.state").tag("name", "directory").tag("state", "open").gauge()
                .value()).isEqualTo(1);

        auth.on(DirectoryApi.RESOLVE_PATH, json(ALICE));
        // half-open after the 300 ms wait in the open state: a trial call goes through and succeeds
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> directory.resolve("alice@example.test") instanceof Resolution.LocalUser);
        assertThat(directory.resolve("alice2@example.test")).isInstanceOf(Resolution.LocalUser.class);
        assertThat(meters.get("resilience4j.circuitbreaker.state").tag("name", "directory").tag("state", "closed")
                .gauge().value()).isEqualTo(1);
    }

    @Test
    void bulkheadTurnsExcessConcurrentCallsAway() throws Exception {
        auth.on(DirectoryApi.AUTHENTICATE_PATH, stall());
        HttpDirectory directory = directory(settings().authenticateTimeout(Duration.ofMillis(800))
                .bulkhead(1, Duration.ZERO));
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<AuthResult> first = threads.submit(() -> directory.authenticate("a@b.test", "pw", Protocol.IMAP, null));
            org.awaitility.Awaitility.await().until(() -> auth.hits(DirectoryApi.AUTHENTICATE_PATH) == 1);
            assertThat(directory.authenticate("c@d.test", "pw", Protocol.IMAP, null)).isEqualTo(
                    new AuthResult.Unavailable("directory overloaded: too many calls in flight"));
            assertThat(first.get()).isInstanceOf(AuthResult.Unavailable.class);
        }
    }
}
