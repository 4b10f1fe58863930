package org.mailplatform.mailauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.mailplatform.mailauth.dkim.DkimResult;
import org.mailplatform.mailauth.dkim.SignatureCheck;
import org.mailplatform.mailauth.dmarc.DmarcResult;
import org.mailplatform.mailauth.dmarc.DmarcVerdict;
import org.mailplatform.mailauth.dmarc.Policy;

class AuthenticationResultsTest {

    @Test
    void everyMethodOnItsOwnFoldedLine() {
        String field = AuthenticationResults.field("MX.Example.NET", new SpfReport("pass", false, "alice@example.com"),
                List.of(new SignatureCheck(DkimResult.PASS, "example.com", "s1", "AbCdEfGh", null),
                        new SignatureCheck(DkimResult.FAIL, "lists.example.org", "l", null, "body hash did not verify")),
                List.of(new DmarcVerdict(DmarcResult.PASS, "example.com", "example.com", Policy.REJECT, Policy.NONE, "aligned DKIM")));
        assertThat(field).isEqualTo("Authentication-Results: mx.example.net;\r\n"
                + "\tspf=pass smtp.mailfrom=alice@example.com;\r\n"
                + "\tdkim=pass header.d=example.com header.s=s1 header.b=AbCdEfGh;\r\n"
                + "\tdkim=fail (body hash did not verify) header.d=lists.example.org header.s=l;\r\n"
                + "\tdmarc=pass (p=reject dis=none) header.from=example.com\r\n");
    }

    @Test
    void anUnsignedMessageIsDkimNoneAndNothingCheckedIsNone() {
        assertThat(AuthenticationResults.field("mx.example.net", null, List.of(), null))
                .isEqualTo("Authentication-Results: mx.example.net;\r\n\tdkim=none\r\n");
        assertThat(AuthenticationResults.field("mx.example.net", null, null, null))
                .isEqualTo("Authentication-Results: mx.example.net; none\r\n");
    }

    @Test
    void theNullSenderReportsTheHeloIdentity() {
        assertThat(AuthenticationResults.field("mx", new SpfReport("softfail", true, "Client.Example.org"), null, null))
                .contains("spf=softfail smtp.helo=client.example.org\r\n");
    }

    @Test
    void outsideTextCannotBreakTheField() {
        String field = AuthenticationResults.field("mx", new SpfReport("fail", false, "\"odd local\"@例え.jp"),
                List.of(new SignatureCheck(DkimResult.NEUTRAL, "bad domain;x=y", "s;1", null, "unreadable (x) \\ \r\nInjected: yes")),
                List.of(new DmarcVerdict(DmarcResult.NONE, null, null, null, Policy.NONE, "no From (header)")));
        assertThat(field).contains("smtp.mailfrom=xn--r8jz45g.jp")
                .contains("dkim=neutral (unreadable x Injected: yes);")
                .contains("dmarc=none (no From header)")
                .doesNotContain("x=y").doesNotContain("s;1");
        assertThat(field.split("\r\n")).allSatisfy(line -> assertThat(line).doesNotContain("\r").doesNotContain("\n"));
        List<String> lines = List.of(field.split("\r\n"));
        assertThat(lines.subList(1, lines.size())).allSatisfy(line -> assertThat(line).startsWith("\t"));
    }
}
