package org.mailplatform.mailauth.dmarc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mailplatform.mailauth.dns.TxtLookup;

class DmarcEvaluatorTest {

    private final Map<String, List<String>> zone = new HashMap<>();
    private final List<String> queried = new ArrayList<>();
    private final TxtLookup dns = name -> {
        queried.add(name);
        if (name.startsWith("_dmarc.broken.")) {
            throw new TxtLookup.TemporaryDnsFailure("SERVFAIL");
        }
        return zone.getOrDefault(name, List.of());
    };

    private DmarcVerdict evaluate(int roll, String from, String spf, String... dkim) {
        return new DmarcEvaluator(dns, new OrganizationalDomain(), () -> roll)
                .evaluate(new DmarcInput(from, spf, List.of(dkim)));
    }

    private DmarcVerdict evaluate(String from, String spf, String... dkim) {
        return evaluate(0, from, spf, dkim);
    }

    @Test
    void passesByRelaxedDkimOnSubdomainSignature() {
        zone.put("_dmarc.example.com", List.of("v=DMARC1; p=reject"));
        DmarcVerdict v = evaluate("example.com", null, "mail.example.com");
        assertThat(v.result()).isEqualTo(DmarcResult.PASS);
        assertThat(v.disposition()).isEqualTo(Policy.NONE);
        assertThat(v.requested()).isEqualTo(Policy.REJECT);
        assertThat(v.policyDomain()).isEqualTo("example.com");
        assertThat(v.reason()).contains("d=mail.example.com");
    }

    @Test
    void passesByAlignedSpf() {
        zone.put("_dmarc.example.com", List.of("v=DMARC1; p=reject"));
        DmarcVerdict v = evaluate("example.com", "bounces.example.com", "gmail.com");
        assertThat(v.result()).isEqualTo(DmarcResult.PASS);
        assertThat(v.reason()).contains("SPF");
    }

    @Test
    void strictAlignmentFailsOnSubdomain() {
        zone.put("_dmarc.example.com", List.of("v=DMARC1; p=reject; adkim=s; aspf=s"));
        DmarcVerdict v = evaluate("example.com", "bounces.example.com", "mail.example.com");
        assertThat(v.result()).isEqualTo(DmarcResult.FAIL);
        assertThat(v.rejects()).isTrue();
        assertThat(evaluate("example.com", null, "EXAMPLE.com").result()).isEqualTo(DmarcResult.PASS);
    }

    @Test
    void fallsBackToOrganizationalDomainAndAppliesSubdomainPolicy() {
        zone.put("_dmarc.example.co.uk", List.of("v=DMARC1; p=reject; sp=quarantine"));
        DmarcVerdict v = evaluate("news.example.co.uk", null);
        assertThat(queried).containsExactly("_dmarc.news.example.co.uk", "_dmarc.example.co.uk");
        assertThat(v.result()).isEqualTo(DmarcResult.FAIL);
        assertThat(v.policyDomain()).isEqualTo("example.co.uk");
        assertThat(v.requested()).isEqualTo(Policy.QUARANTINE);
        assertThat(v.quarantines()).isTrue();
    }

    @Test
    void recordAtTheFromDomainItselfUsesP() {
        zone.put("_dmarc.news.example.com", List.of("v=DMARC1; p=reject; sp=none"));
        zone.put("_dmarc.example.com", List.of("v=DMARC1; p=none"));
        DmarcVerdict v = evaluate("news.example.com", null);
        assertThat(queried).containsExactly("_dmarc.news.example.com");
        assertThat(v.requested()).isEqualTo(Policy.REJECT);
        assertThat(v.rejects()).isTrue();
    }

    @Test
    void noRecordIsNone() {
        zone.put("_dmarc.example.com", List.of("some other text", "v=spf1 -all"));
        DmarcVerdict v = evaluate("a.b.example.com", null);
        assertThat(v.result()).isEqualTo(DmarcResult.NONE);
        assertThat(v.policyDomain()).isNull();
        assertThat(v.requested()).isNull();
        assertThat(v.disposition()).isEqualTo(Policy.NONE);
        assertThat(queried).containsExactly("_dmarc.a.b.example.com", "_dmarc.example.com");
    }

    @Test
    void temporaryDnsFailureIsTemperror() {
        DmarcVerdict v = evaluate("broken.example", null);
        assertThat(v.result()).isEqualTo(DmarcResult.TEMPERROR);
        assertThat(v.disposition()).isEqualTo(Policy.NONE);
        assertThat(v.reason()).contains("SERVFAIL");
    }

    @Test
    void severalRecordsAreNoneWithoutFallback() {
        zone.put("_dmarc.mail.example.com", List.of("v=DMARC1; p=none", "v=DMARC1; p=reject"));
        zone.put("_dmarc.example.com", List.of("v=DMARC1; p=reject"));
        DmarcVerdict v = evaluate("mail.example.com", null);
        assertThat(v.result()).isEqualTo(DmarcResult.NONE);
        assertThat(v.rejects()).isFalse();
        assertThat(queried).containsExactly("_dmarc.mail.example.com");
    }

    @Test
    void unusableRecordIsPermerror() {
        zone.put("_dmarc.example.com", List.of("v=DMARC1; p=bogus"));
        DmarcVerdict v = evaluate("example.com", null);
        assertThat(v.result()).isEqualTo(DmarcResult.PERMERROR);
        assertThat(v.disposition()).isEqualTo(Policy.NONE);
    }

    @Test
    void pctSamplingAppliesPolicyOnlyBelowThePercent() {
        zone.put("_dmarc.example.com", List.of("v=DMARC1; p=reject; pct=30"));
        assertThat(evaluate(29, "example.com", null).disposition()).isEqualTo(Policy.REJECT);
        DmarcVerdict sampledOut = evaluate(30, "example.com", null);
        assertThat(sampledOut.result()).isEqualTo(DmarcResult.FAIL);
        assertThat(sampledOut.requested()).isEqualTo(Policy.REJECT);
        assertThat(sampledOut.disposition()).isEqualTo(Policy.QUARANTINE);
        assertThat(sampledOut.reason()).contains("pct=30");
    }

    @Test
    void pctZeroStepsQuarantineDownToNone() {
        zone.put("_dmarc.example.com", List.of("v=DMARC1; p=quarantine; pct=0"));
        assertThat(evaluate(0, "example.com", null).disposition()).isEqualTo(Policy.NONE);
    }

    @Test
    void failureDispositionFollowsPolicy() {
        zone.put("_dmarc.reject.example", List.of("v=DMARC1; p=reject"));
        zone.put("_dmarc.quarantine.example", List.of("v=DMARC1; p=quarantine"));
        zone.put("_dmarc.none.example", List.of("v=DMARC1; p=none"));
        assertThat(evaluate(99, "reject.example", null).disposition()).isEqualTo(Policy.REJECT);
        assertThat(evaluate(99, "quarantine.example", null).disposition()).isEqualTo(Policy.QUARANTINE);
        DmarcVerdict none = evaluate(99, "none.example", null);
        assertThat(none.result()).isEqualTo(DmarcResult.FAIL);
        assertThat(none.disposition()).isEqualTo(Policy.NONE);
    }

    @Test
    void unrelatedDkimDomainFails() {
        zone.put("_dmarc.example.com", List.of("v=DMARC1; p=reject"));
        DmarcVerdict v = evaluate("example.com", "gmail.com", "gmail.com");
        assertThat(v.result()).isEqualTo(DmarcResult.FAIL);
        assertThat(v.rejects()).isTrue();
    }

    @Test
    void sharedPrivateSuffixDoesNotAlign() {
        zone.put("_dmarc.alice.github.io", List.of("v=DMARC1; p=reject"));
        assertThat(evaluate("alice.github.io", null, "mallory.github.io").result()).isEqualTo(DmarcResult.FAIL);
    }

    @Test
    void missingOrUnparseableFromDomainIsNoneWithoutDns() {
        assertThat(evaluate(null, "example.com").result()).isEqualTo(DmarcResult.NONE);
        assertThat(evaluate("  ", "example.com").result()).isEqualTo(DmarcResult.NONE);
        assertThat(evaluate("not a domain\u0007", "example.com").result()).isEqualTo(DmarcResult.NONE);
        assertThat(evaluate("not a domain\u0007", "example.com").reason()).matches("[\\x20-\\x7e]*");
        assertThat(queried).isEmpty();
    }

    @Test
    void badDnsDataNeverThrows() {
        List<String> many = new ArrayList<>();
        many.add(null);
        for (int i = 0; i < 40; i++) {
            many.add("v=DMARC1; p=" + "x".repeat(5000));
        }
        zone.put("_dmarc.example.com", many);
        assertThat(evaluate("example.com", null, "bad domain", "").result()).isEqualTo(DmarcResult.NONE);
        zone.put("_dmarc.example.com", List.of("v=DMARC1; p=reject; " + "y=z;".repeat(2000)));
        assertThat(evaluate("example.com", null).result()).isEqualTo(DmarcResult.PERMERROR);
    }
}
