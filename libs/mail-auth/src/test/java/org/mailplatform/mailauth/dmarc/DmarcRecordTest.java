package org.mailplatform.mailauth.dmarc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class DmarcRecordTest {

    @Test
    void parsesAllDecisionTags() {
        assertThat(DmarcRecord.parse("v=DMARC1; p=reject; sp=quarantine; adkim=s; aspf=s; pct=25"))
                .contains(new DmarcRecord(Policy.REJECT, Policy.QUARANTINE, true, true, 25));
    }

    @Test
    void appliesDefaults() {
        assertThat(DmarcRecord.parse("v=DMARC1; p=none"))
                .contains(new DmarcRecord(Policy.NONE, null, false, false, 100));
    }

    @Test
    void toleratesWhitespaceAndEmptySegments() {
        assertThat(DmarcRecord.parse("  v = DMARC1 ;\tp = quarantine ;; adkim= s ; "))
                .contains(new DmarcRecord(Policy.QUARANTINE, null, true, false, 100));
    }

    @Test
    void requiresVersionFirst() {
        assertThat(DmarcRecord.parse("p=reject; v=DMARC1")).isEmpty();
        assertThat(DmarcRecord.isDmarc("p=reject; v=DMARC1")).isFalse();
        assertThat(DmarcRecord.parse("v=DMARC2; p=reject")).isEmpty();
        assertThat(DmarcRecord.parse("v=DMARC1x; p=reject")).isEmpty();
        assertThat(DmarcRecord.parse("v=spf1 -all")).isEmpty();
    }

    @Test
    void missingOrInvalidPolicyWithoutReportUriIsNoRecord() {
        assertThat(DmarcRecord.parse("v=DMARC1")).isEmpty();
        assertThat(DmarcRecord.parse("v=DMARC1; p=block")).isEmpty();
        assertThat(DmarcRecord.parse("v=DMARC1; p=reject; sp=maybe")).isEmpty();
        assertThat(DmarcRecord.parse("v=DMARC1; rua=not a uri")).isEmpty();
    }

    @Test
    void missingOrInvalidPolicyWithValidReportUriActsAsNone() {
        DmarcRecord none = new DmarcRecord(Policy.NONE, null, false, false, 100);
        assertThat(DmarcRecord.parse("v=DMARC1; rua=mailto:dmarc@example.com")).contains(none);
        assertThat(DmarcRecord.parse("v=DMARC1; p=block; rua=bad uri, mailto:d@example.com!10m")).contains(none);
        assertThat(DmarcRecord.parse("v=DMARC1; p=reject; sp=maybe; rua=mailto:d@example.com")).contains(none);
    }

    @Test
    void badPercentFallsBackToHundred() {
        assertThat(DmarcRecord.parse("v=DMARC1; p=reject; pct=101").map(DmarcRecord::percent)).contains(100);
        assertThat(DmarcRecord.parse("v=DMARC1; p=reject; pct=-5").map(DmarcRecord::percent)).contains(100);
        assertThat(DmarcRecord.parse("v=DMARC1; p=reject; pct=half").map(DmarcRecord::percent)).contains(100);
        assertThat(DmarcRecord.parse("v=DMARC1; p=reject; pct=0").map(DmarcRecord::percent)).contains(0);
    }

    @Test
    void ignoresUnknownTagsAndBadAlignmentModes() {
        assertThat(DmarcRecord.parse("v=DMARC1; p=reject; foo=bar; ruf=mailto:x@example.com; fo=1; adkim=x; junk"))
                .contains(new DmarcRecord(Policy.REJECT, null, false, false, 100));
    }

    @Test
    void tagNamesAndKeywordsAreCaseInsensitive() {
        assertThat(DmarcRecord.parse("V=DMARC1; P=Reject; SP=NONE; ADKIM=S; Aspf=R"))
                .contains(new DmarcRecord(Policy.REJECT, Policy.NONE, true, false, 100));
        assertThat(DmarcRecord.parse("v=dmarc1; p=reject")).as("version value is exact per ABNF").isEmpty();
    }

    @Test
    void repeatedTagInvalidatesRecord() {
        assertThat(DmarcRecord.parse("v=DMARC1; p=none; p=reject")).isEmpty();
    }

    @Test
    void overlongRecordIsRefusedWithoutThrowing() {
        String longRecord = "v=DMARC1; p=reject; x=" + "a".repeat(DmarcRecord.MAX_LENGTH);
        assertThat(DmarcRecord.parse(longRecord)).isEmpty();
        assertThat(DmarcRecord.parse(null)).isEqualTo(Optional.empty());
        assertThat(DmarcRecord.parse("")).isEmpty();
    }

    @Test
    void subdomainPolicyFallsBackToPolicy() {
        DmarcRecord withSp = new DmarcRecord(Policy.REJECT, Policy.NONE, false, false, 100);
        DmarcRecord withoutSp = new DmarcRecord(Policy.QUARANTINE, null, false, false, 100);
        assertThat(withSp.policyFor(true)).isEqualTo(Policy.NONE);
        assertThat(withSp.policyFor(false)).isEqualTo(Policy.REJECT);
        assertThat(withoutSp.policyFor(true)).isEqualTo(Policy.QUARANTINE);
    }

    @Test
    void tokensAreRfcWords() {
        assertThat(DmarcResult.TEMPERROR.token()).isEqualTo("temperror");
        assertThat(DmarcResult.PASS.token()).isEqualTo("pass");
        assertThat(Policy.QUARANTINE.token()).isEqualTo("quarantine");
        assertThat(Policy.REJECT.weaker()).isEqualTo(Policy.QUARANTINE);
        assertThat(Policy.QUARANTINE.weaker()).isEqualTo(Policy.NONE);
        assertThat(Policy.NONE.weaker()).isEqualTo(Policy.NONE);
    }
}
