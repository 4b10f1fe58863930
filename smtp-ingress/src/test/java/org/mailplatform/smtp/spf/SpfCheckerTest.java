package org.mailplatform.smtp.spf;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.mailplatform.smtp.clientcheck.Networks;
import org.mailplatform.teststack.StaticDnsResolver;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.TXTRecord;

/** jSPF through {@link SpfChecker} over the in-memory DNS: its wiring, limits and timeouts. */
class SpfCheckerTest {

    private final StaticDnsResolver dns = new StaticDnsResolver();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void anIncludedRecordIsEvaluated() throws Exception {
        spf("outer.example.", "v=spf1 include:inner.example -all");
        spf("inner.example.", "v=spf1 ip4:192.0.2.0/24 -all");
        assertThat(checker(Duration.ofSeconds(20), Duration.ofSeconds(5)).evaluate(query("a@outer.example", "h.example")).result())
                .isEqualTo(SpfResult.PASS);
        assertThat(meters.get("mail.smtp.spf").tag("result", "pass").counter().count()).isEqualTo(1);
    }

    @Test
    void moreThanTenDnsMechanismsAreAPermerror() throws Exception {
        // RFC 7208 4.6.4: the 11th mechanism that asks DNS ends the evaluation (names that exist: no void lookups)
        spf("many.example.", "v=spf1 " + IntStream.rangeClosed(1, 11).mapToObj(i -> "a:h" + i + ".many.example")
                .collect(Collectors.joining(" ")) + " -all");
        for (int i = 1; i <= 11; i++) {
            dns.add(new ARecord(Name.fromString("h" + i + ".many.example."), DClass.IN, 60, InetAddress.getByName("198.51.100." + i)));
        }
        assertThat(checker(Duration.ofSeconds(20), Duration.ofSeconds(5)).evaluate(query("a@many.example", "h.example")).result())
                .isEqualTo(SpfResult.PERMERROR);
    }

    @Test
    void aThirdVoidLookupIsAPermerror() throws Exception {
        // RFC 7208 4.6.4: more than 2 lookups answered NXDOMAIN or without records end the evaluation
        spf("void.example.", "v=spf1 a:nx1.void.example a:nx2.void.example a:nx3.void.example ip4:192.0.2.1 -all");
        assertThat(result("a@void.example")).isEqualTo(SpfResult.PERMERROR);
        assertThat(dns.queriesFor(Name.fromString("nx3.void.example."))).isEqualTo(1);
    }

    @Test
    void twoVoidLookupsAreAllowed() throws Exception {
        spf("void.example.", "v=spf1 a:nx1.void.example a:nx2.void.example ip4:192.0.2.1 -all");
        assertThat(result("a@void.example")).isEqualTo(SpfResult.PASS);
    }

    @Test
    void voidLookupsOfEveryKindCountAlsoInsideIncludes() throws Exception {
        // an A query of a name that exists without A records is void too (NODATA), as are MX and exists:
        spf("void.example.", "v=spf1 include:inner.void.example exists:nx3.void.example ip4:192.0.2.1 -all");
        spf("inner.void.example.", "v=spf1 a:inner.void.example mx:nx2.void.example -all");
        assertThat(result("a@void.example")).isEqualTo(SpfResult.PERMERROR);
    }

    @Test
    void threeIncludesOfNamesThatDoNotExistAreAPermerror() throws Exception {
        spf("void.example.", "v=spf1 include:nx1.void.example include:nx2.void.example include:nx3.void.example -all");
        assertThat(result("a@void.example")).isEqualTo(SpfResult.PERMERROR);
    }

    @Test
    void jspfsQuestionForTheObsoleteSpfTypeIsNoVoidLookup() throws Exception {
        // three records fetched (each also asked as type SPF, answered empty) and two void A lookups: within the limit
        spf("outer.example.", "v=spf1 include:one.example include:two.example a:nx1.outer.example ip4:192.0.2.1 -all");
        spf("one.example.", "v=spf1 a:nx2.outer.example -all");
        spf("two.example.", "v=spf1 ip4:198.51.100.1 -all");
        assertThat(result("a@outer.example")).isEqualTo(SpfResult.PASS);
    }

    @Test
    void voidLookupsAreCountedPerEvaluation() throws Exception {
        spf("void.example.", "v=spf1 a:nx1.void.example a:nx2.void.example ip4:192.0.2.1 -all");
        SpfChecker checker = checker(Duration.ofSeconds(20), Duration.ofSeconds(5));
        for (int i = 0; i < 3; i++) {
            assertThat(checker.evaluate(query("a@void.example", "h.example")).result()).isEqualTo(SpfResult.PASS);
        }
    }

    @Test
    void aDnsServerThatNeverAnswersIsATemperrorAfterTheDnsTimeout() throws Exception {
        dns.silent(Name.fromString("silent.example."));
        long start = System.nanoTime();
        SpfVerdict verdict = checker(Duration.ofSeconds(20), Duration.ofMillis(300)).evaluate(query("a@silent.example", "h.example"));
        assertThat(verdict.result()).isEqualTo(SpfResult.TEMPERROR);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void theWholeEvaluationEndsByTheSpfTimeoutAsTemperror() throws Exception {
        // each answer within the DNS timeout, but the chain of includes takes longer than the SPF timeout
        for (int i = 1; i <= 5; i++) {
            spf("chain" + i + ".example.", "v=spf1 include:chain" + (i + 1) + ".example -all");
            dns.delay(Name.fromString("chain" + i + ".example."), Duration.ofMillis(400));
        }
        spf("chain6.example.", "v=spf1 +all");
        long start = System.nanoTime();
        SpfVerdict verdict = checker(Duration.ofMillis(1000), Duration.ofSeconds(5)).evaluate(query("a@chain1.example", "h.example"));
        assertThat(verdict.result()).isEqualTo(SpfResult.TEMPERROR);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1900));
    }

    @Test
    void aHeloThatIsNoDomainIsNoneWithoutAskingDns() throws Exception {
        assertThat(checker(Duration.ofSeconds(20), Duration.ofSeconds(5)).evaluate(query("", "[192.0.2.1]")).result())
                .isEqualTo(SpfResult.NONE);
        assertThat(dns.queries()).isEmpty();
    }

    @Test
    void exemptClientsAndADisabledCheckerDoNotApply() throws Exception {
        SpfChecker checker = checker(Duration.ofSeconds(20), Duration.ofSeconds(5));
        assertThat(checker.applies(InetAddress.getByName("192.0.2.1"))).isTrue();
        assertThat(checker.applies(InetAddress.getByName("127.0.0.1"))).isFalse();
        assertThat(new SpfChecker(false, Duration.ofSeconds(20), Networks.parse(List.of()), dns, Duration.ofSeconds(5),
                "mx.example.test", meters).applies(InetAddress.getByName("192.0.2.1"))).isFalse();
    }

    private SpfResult result(String from) throws Exception {
        return checker(Duration.ofSeconds(20), Duration.ofSeconds(5)).evaluate(query(from, "h.example")).result();
    }

    private SpfChecker checker(Duration timeout, Duration dnsTimeout) {
        return new SpfChecker(true, timeout, Networks.parse(List.of("127.0.0.0/8")), dns, dnsTimeout, "mx.example.test", meters);
    }

    private static SpfQuery query(String from, String helo) throws Exception {
        return new SpfQuery(InetAddress.getByName("192.0.2.1"), from, helo);
    }

    private void spf(String name, String text) throws Exception {
        dns.add(new TXTRecord(Name.fromString(name), DClass.IN, 60, List.of(text)));
    }
}
