package org.mailplatform.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mailplatform.directory.client.AuthResult;
import org.mailplatform.directory.client.DirectoryClientSettings;
import org.mailplatform.directory.client.DkimAlgorithm;
import org.mailplatform.directory.client.DkimKeyResult;
import org.mailplatform.directory.client.HttpDirectory;
import org.mailplatform.directory.client.Protocol;
import org.mailplatform.directory.client.QuotaResult;
import org.mailplatform.directory.client.Resolution;
import org.mailplatform.directory.client.SubmissionAllowance;
import org.mailplatform.model.Principal;
import org.mailplatform.model.srs.SenderRewriting;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** libs/directory-client against the real auth-service: both ends of the internal API agree. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DirectoryClientAgainstAuthServiceTest extends AuthServiceTestBase {

    HttpDirectory directory;

    @BeforeAll
    void setUp() {
        AdminHttp admin = platformAdmin();
        admin.post("/api/admin/domains", Map.of("name", "client.test")).expect(201);
        admin.post("/api/admin/users", Map.of("address", "carol@client.test", "password", "S3cret-pass")).expect(201);
        admin.post("/api/admin/aliases", Map.of("address", "info@client.test", "targets",
                List.of("carol@client.test", "ext@remote.test"))).expect(201);
        directory = new HttpDirectory(
                DirectoryClientSettings.builder(URI.create("http://127.0.0.1:" + port), SERVICE_TOKEN).build(),
                new SimpleMeterRegistry());
    }

    @AfterAll
    void tearDown() {
        directory.close();
    }

    @Test
    void authenticatesThroughTheClient() throws Exception {
        InetAddress client = InetAddress.getByName("192.0.2.33");
        AuthResult ok = directory.authenticate("carol@client.test", "S3cret-pass", Protocol.IMAP, client);
        assertThat(ok).isInstanceOfSatisfying(AuthResult.Authenticated.class,
                a -> assertThat(a.principal().address()).isEqualTo("carol@client.test"));
        assertThat(directory.authenticate("carol@client.test", "wrong", Protocol.IMAP, client))
                .isEqualTo(new AuthResult.Rejected(AuthResult.Rejected.BAD_CREDENTIALS));
    }

    @Test
    void reservesSubmissionsUpToTheHourlyLimitThroughTheClient() {
        Principal dave = new Principal("client-tenant", "u-dave-" + java.util.UUID.randomUUID(), "dave@client.test");
        java.time.Instant hour = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        for (int i = 1; i <= 200; i++) {
            assertThat(directory.reserveSubmission(dave)).isEqualTo(new SubmissionAllowance.Allowed(i, i));
        }
        SubmissionAllowance over = directory.reserveSubmission(dave);
        // the hour may have turned during the loop on a slow machine: then the counts started over
        org.junit.jupiter.api.Assumptions.assumeTrue(
                hour.equals(java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS)));
        // over any 60 minutes: one more passes once 1/200 of this hour has left the last 60 minutes
        assertThat(over).isEqualTo(new SubmissionAllowance.Limited(SubmissionAllowance.Window.HOUR, 200,
                hour.plus(java.time.Duration.ofHours(1)).plusSeconds(18)));
    }

    @Test
    void resolvesThroughTheClient() {
        assertThat(directory.resolve("Carol@client.test")).isInstanceOf(Resolution.LocalUser.class);
        assertThat(directory.resolve("info@client.test"))
                .isEqualTo(new Resolution.Expanded(List.of("carol@client.test", "ext@remote.test")));
        assertThat(directory.resolve("nobody@client.test")).isInstanceOf(Resolution.UnknownUser.class);
        assertThat(directory.resolve("someone@elsewhere.test")).isInstanceOf(Resolution.NotLocalDomain.class);
    }

    @Test
    void resolvesABounceToAForwardedSenderThroughTheClient() {
        String srs = new SenderRewriting(SRS_SECRET.getBytes(StandardCharsets.UTF_8), SRS_DOMAIN, 21, Clock.systemUTC())
                .forward("sender@remote.test");
        assertThat(directory.resolve(srs)).isEqualTo(new Resolution.Expanded(List.of("sender@remote.test")));
        assertThat(directory.resolve("SRS0=xxxx=XY=remote.test=sender@" + SRS_DOMAIN))
                .isInstanceOf(Resolution.UnknownUser.class);
    }

    @Test
    void quotasOfUserAndDomainThroughTheClient() {
        AdminHttp admin = platformAdmin();
        admin.put("/api/admin/users/carol@client.test/quota", Map.of("maxBytes", 1000)).expect(200);
        admin.put("/api/admin/domains/client.test/quota", Map.of("maxBytes", 9000, "maxMessages", 50)).expect(200);
        var carol = ((Resolution.LocalUser) directory.resolve("carol@client.test")).principal();
        assertThat(directory.quotaOf(carol)).isEqualTo(new QuotaResult.Limits(1000L, null, 9000L, 50L));
        assertThat(directory.quotaOf(new org.mailplatform.model.Principal("default", "no-such-id", "x@client.test")))
                .isInstanceOf(QuotaResult.UnknownUser.class);
    }

    @Test
    void dkimKeyMadeByTheAdminApiSignsWhatItsDnsRecordVerifies() throws Exception {
        AdminHttp admin = platformAdmin();
        admin.post("/api/admin/domains", Map.of("name", "dkim-client.test")).expect(201);
        var created = admin.post("/api/admin/domains/dkim-client.test/dkim", Map.of("selector", "sel1")).expect(201)
                .json();
        DkimKeyResult result = directory.signingKeys("DKIM-Client.test");
        assertThat(result).isInstanceOf(DkimKeyResult.SigningKeys.class);
        DkimKeyResult.SigningKeys keys = (DkimKeyResult.SigningKeys) result;
        assertThat(keys.domain()).isEqualTo("dkim-client.test");
        assertThat(keys.tenantId()).isEqualTo("default");
        DkimKeyResult.SigningKey key = keys.keys().getFirst();
        assertThat(keys.keys()).hasSize(1);
        assertThat(key.algorithm()).isEqualTo(DkimAlgorithm.RSA_SHA256);
        assertThat(key.selector()).isEqualTo("sel1");

        String record = created.get("dnsRecord").asString();
        PublicKey published = KeyFactory.getInstance("RSA").generatePublic(
                new X509EncodedKeySpec(Base64.getDecoder().decode(record.substring(record.indexOf("p=") + 2))));
        byte[] data = "DKIM-Signature: v=1; a=rsa-sha256; d=dkim-client.test; s=sel1".getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(key.privateKey());
        signer.update(data);
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(published);
        verifier.update(data);
        assertThat(verifier.verify(signer.sign())).isTrue();

        assertThat(directory.signingKeys("no-dkim.test")).isEqualTo(new DkimKeyResult.NoKey());
    }

    @Test
    void anRsaAndAnEd25519KeyReachTheClientAndEachSignsWhatItsDnsRecordVerifies() throws Exception {
        AdminHttp admin = platformAdmin();
        admin.post("/api/admin/domains", Map.of("name", "dual-client.test")).expect(201);
        String rsaRecord = admin.post("/api/admin/domains/dual-client.test/dkim", Map.of("selector", "rsa1")).expect(201)
                .json().get("dnsRecord").asString();
        String edRecord = admin.post("/api/admin/domains/dual-client.test/dkim",
                Map.of("selector", "ed1", "algorithm", "ed25519", "activate", true)).expect(201).json()
                .get("dnsRecord").asString();

        DkimKeyResult result = directory.signingKeys("dual-client.test");
        assertThat(result).isInstanceOf(DkimKeyResult.SigningKeys.class);
        DkimKeyResult.SigningKeys keys = (DkimKeyResult.SigningKeys) result;
        assertThat(keys.keys()).extracting(DkimKeyResult.SigningKey::algorithm, DkimKeyResult.SigningKey::selector)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(DkimAlgorithm.RSA_SHA256, "rsa1"),
                        org.assertj.core.groups.Tuple.tuple(DkimAlgorithm.ED25519_SHA256, "ed1"));

        PublicKey rsa = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(published(rsaRecord)));
        assertThat(signsFor(keys.keys().get(0).privateKey(), rsa, "SHA256withRSA")).isTrue();
        // the DNS record holds the raw 32-byte key (RFC 8463 4): X.509-wrapped here for the JDK
        byte[] spki = java.util.HexFormat.of().parseHex("302a300506032b6570032100");
        byte[] raw = published(edRecord);
        byte[] wrapped = java.util.Arrays.copyOf(spki, spki.length + raw.length);
        System.arraycopy(raw, 0, wrapped, spki.length, raw.length);
        PublicKey ed = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(wrapped));
        assertThat(signsFor(keys.keys().get(1).privateKey(), ed, "Ed25519")).isTrue();
    }

    private static byte[] published(String record) {
        return Base64.getDecoder().decode(record.substring(record.indexOf("p=") + 2));
    }

    private static boolean signsFor(java.security.PrivateKey key, PublicKey published, String algorithm)
            throws Exception {
        byte[] data = "DKIM-Signature: v=1; d=dual-client.test".getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(data);
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(published);
        verifier.update(data);
        return verifier.verify(signer.sign());
    }

    @Test
    void wrongServiceTokenIsUnavailable() {
        try (HttpDirectory wrong = new HttpDirectory(
                DirectoryClientSettings.builder(URI.create("http://127.0.0.1:" + port), "wrong").build(),
                new SimpleMeterRegistry())) {
            assertThat(wrong.resolve("carol@client.test")).isInstanceOf(Resolution.Unavailable.class);
        }
    }
}
