package org.mailplatform.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mailplatform.auth.alias.AliasRepository;
import org.mailplatform.auth.domain.DomainRepository;
import org.mailplatform.auth.resolve.RecipientResolver;
import org.mailplatform.auth.srs.SrsProperties;
import org.mailplatform.auth.srs.SrsReverseMap;
import org.mailplatform.auth.user.UserRepository;
import org.mailplatform.directory.client.Resolution;
import org.mailplatform.directory.client.wire.DirectoryApi;
import org.mailplatform.model.srs.SenderRewriting;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.JsonNode;

/**
 * Bounces to forwarded mail: SRS addresses at {@link #SRS_DOMAIN} resolve to their original sender
 * over the internal API, as delivery-service's forwarding writes them (the same secret).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SrsResolveTest extends AuthServiceTestBase {

    /** delivery-service's side of the scheme, with the secret and domain the service runs with. */
    final SenderRewriting forwarder = rewriting(SRS_DOMAIN, Clock.systemUTC());

    @Autowired
    DomainRepository domains;
    @Autowired
    UserRepository users;
    @Autowired
    AliasRepository aliases;
    @Autowired
    AuthProperties properties;
    @Autowired
    MeterRegistry meters;

    @BeforeAll
    void directory() {
        AdminHttp admin = platformAdmin();
        admin.post("/api/admin/domains", Map.of("name", "srs-local.test")).expect(201);
        admin.post("/api/admin/users", Map.of("address", "Dora@srs-local.test", "password", "S3cret-pass")).expect(201);
        // the SRS domain of the resolvers built below is hosted, with a user and a catch-all
        admin.post("/api/admin/domains", Map.of("name", "srs-hosted.test")).expect(201);
        admin.post("/api/admin/users", Map.of("address", "postmaster@srs-hosted.test", "password", "S3cret-pass"))
                .expect(201);
        admin.put("/api/admin/domains/srs-hosted.test/catch-all", Map.of("targets", List.of("postmaster@srs-hosted.test")))
                .expect(200);
    }

    static SenderRewriting rewriting(String domain, Clock clock) {
        return new SenderRewriting(SRS_SECRET.getBytes(StandardCharsets.UTF_8), domain, 21, clock);
    }

    JsonNode resolve(String address) {
        return AdminHttp.service(port, SERVICE_TOKEN).post(DirectoryApi.RESOLVE_PATH, Map.of("address", address))
                .expect(200).json();
    }

    static List<String> targets(JsonNode resolution) {
        assertThat(resolution.get("outcome").asString()).isEqualTo("EXPANDED");
        return resolution.get("targets").valueStream().map(JsonNode::asString).toList();
    }

    double reversed(String outcome) {
        var counter = meters.find("mail.auth.srs.reversed").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void srs0AddressResolvesToTheOriginalSenderInAnyCase() {
        String srs = forwarder.forward("alice@example.org");
        assertThat(srs).startsWith("SRS0=").endsWith("@" + SRS_DOMAIN);
        double valid = reversed("valid");
        assertThat(targets(resolve(srs))).containsExactly("alice@example.org");
        // some servers lower-case the whole address; the hash is compared without case
        assertThat(targets(resolve(srs.toLowerCase(java.util.Locale.ROOT)))).containsExactly("alice@example.org");
        assertThat(targets(resolve(srs.replace("@" + SRS_DOMAIN, "@Bounces.TEST")))).containsExactly("alice@example.org");
        assertThat(reversed("valid")).isEqualTo(valid + 3);
    }

    @Test
    void srs0OfALongSenderBeyondTheMailboxLocalPartLimitResolves() {
        String sender = "a.rather.long.local.part.for.a.list@lists.some-long-domain-name.example.org";
        String srs = forwarder.forward(sender);
        assertThat(srs.substring(0, srs.lastIndexOf('@')).length()).isGreaterThan(64);
        assertThat(targets(resolve(srs))).containsExactly(sender);
    }

    @Test
    void srs1AddressResolvesToTheFirstForwardersSrs0Address() {
        String firstHop = "SRS0=AbCd=XY=origin.example=bob@forwarder.example";
        String srs1 = forwarder.forward(firstHop);
        assertThat(srs1).startsWith("SRS1=").contains("=forwarder.example==");
        assertThat(targets(resolve(srs1))).containsExactly(firstHop);
    }

    @Test
    void bounceForAForwardedLocalSenderReachesTheUser() {
        assertThat(targets(resolve(forwarder.forward("dora@srs-local.test")))).containsExactly("Dora@srs-local.test");
    }

    @Test
    void forgedUnknownAndExpiredAddressesAreUnknownUsers() {
        String srs = forwarder.forward("alice@example.org");
        int hash = "SRS0=".length();
        String wrongHash = srs.substring(0, hash) + flip(srs.charAt(hash)) + srs.substring(hash + 1);
        String otherSecret = new SenderRewriting("another-secret-of-enough-bytes".getBytes(StandardCharsets.UTF_8),
                SRS_DOMAIN, 21, Clock.systemUTC()).forward("alice@example.org");
        String expired = rewriting(SRS_DOMAIN, Clock.fixed(Instant.now().minus(Duration.ofDays(22)), ZoneOffset.UTC))
                .forward("alice@example.org");
        double invalid = reversed("invalid");
        for (String address : List.of(wrongHash, otherSecret, expired, "SRS0=x@" + SRS_DOMAIN,
                "srs1+broken@" + SRS_DOMAIN)) {
            assertThat(resolve(address).get("outcome").asString()).as(address).isEqualTo("UNKNOWN_USER");
        }
        assertThat(reversed("invalid")).isEqualTo(invalid + 5);
        // not SRS at all, but at the SRS domain, which our MX receives
        assertThat(resolve("postmaster@" + SRS_DOMAIN).get("outcome").asString()).isEqualTo("UNKNOWN_USER");
        assertThat(reversed("invalid")).isEqualTo(invalid + 5);
    }

    @Test
    void atAHostedSrsDomainSrsLocalPartsComeFirstAndOthersResolveAsBefore() {
        RecipientResolver resolver = resolver(new SrsProperties("SRS-Hosted.test", SRS_SECRET, Duration.ofDays(21)));
        SenderRewriting hostedForwarder = rewriting("srs-hosted.test", Clock.systemUTC());
        assertThat(resolver.resolve(hostedForwarder.forward("alice@example.org")))
                .isEqualTo(new Resolution.Expanded(List.of("alice@example.org")));
        // a forged one is not handed to the catch-all
        assertThat(resolver.resolve("SRS0=xxxx=XY=example.org=alice@srs-hosted.test"))
                .isEqualTo(new Resolution.UnknownUser());
        assertThat(resolver.resolve("postmaster@srs-hosted.test")).isInstanceOf(Resolution.LocalUser.class);
        assertThat(resolver.resolve("srs-like@srs-hosted.test"))
                .isEqualTo(new Resolution.Expanded(List.of("postmaster@srs-hosted.test")));
    }

    @Test
    void withoutAnSrsDomainSrsAddressesAreForeign() {
        RecipientResolver resolver = resolver(new SrsProperties("", null, Duration.ofDays(21)));
        assertThat(resolver.resolve(forwarder.forward("alice@example.org"))).isEqualTo(new Resolution.NotLocalDomain());
        assertThat(resolver.resolve("postmaster@" + SRS_DOMAIN)).isEqualTo(new Resolution.NotLocalDomain());
    }

    @Test
    void startUpIsRefusedWithoutAGoodSecretOrMaxAge() {
        ApplicationContextRunner runner = new ApplicationContextRunner()
                .withUserConfiguration(AuthConfiguration.class)
                .withBean(SimpleMeterRegistry.class)
                .withPropertyValues("mail.srs.domain=" + SRS_DOMAIN);
        runner.withPropertyValues("mail.srs.secret=" + SRS_SECRET).run(context -> assertThat(context).hasNotFailed());
        runner.withPropertyValues("mail.srs.secret=fifteen-bytes!!").run(context -> assertThat(context)
                .getFailure().rootCause().hasMessageContaining("mail.srs.secret must have at least 16 bytes"));
        runner.run(context -> assertThat(context)
                .getFailure().rootCause().hasMessageContaining("mail.srs.secret must have at least 16 bytes"));
        runner.withPropertyValues("mail.srs.secret=" + SRS_SECRET, "mail.srs.max-age=1024d").run(context -> assertThat(
                context).getFailure().rootCause().hasMessageContaining("mail.srs.max-age must be between 1d and 1023d"));
        runner.withPropertyValues("mail.srs.secret=" + SRS_SECRET, "mail.srs.max-age=12h").run(context -> assertThat(
                context).getFailure().rootCause().hasMessageContaining("mail.srs.max-age must be between 1d and 1023d"));
    }

    /** The service's resolver on the same MongoDB, with other SRS settings than the service's. */
    RecipientResolver resolver(SrsProperties srs) {
        return new RecipientResolver(domains, users, aliases, properties,
                new SrsReverseMap(srs, Clock.systemUTC(), new SimpleMeterRegistry()));
    }

    private static char flip(char c) {
        return c == 'A' || c == 'a' ? 'B' : 'A';
    }
}
