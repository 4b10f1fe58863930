package org.mailplatform.smtp.spf;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

/** The Received-SPF field of RFC 7208 section 9.1, and that no client text breaks it. */
class ReceivedSpfHeaderTest {

    @Test
    void aPassInRfc7208Form() throws Exception {
        assertThat(header("192.0.2.1", "alice@example.org", "client.example.org", SpfResult.PASS)).isEqualTo(
                "Received-SPF: pass (mx.example.test: domain of alice@example.org designates 192.0.2.1 as permitted sender)\r\n"
                        + "\tclient-ip=192.0.2.1; envelope-from=\"alice@example.org\"; helo=client.example.org;"
                        + " receiver=mx.example.test; identity=mailfrom\r\n");
    }

    @Test
    void theNullSenderIsTheHeloIdentityWithoutEnvelopeFrom() throws Exception {
        assertThat(header("192.0.2.1", "", "client.example.org", SpfResult.FAIL)).isEqualTo(
                "Received-SPF: fail (mx.example.test: domain of postmaster@client.example.org does not designate 192.0.2.1"
                        + " as permitted sender)\r\n\tclient-ip=192.0.2.1; helo=client.example.org; receiver=mx.example.test;"
                        + " identity=helo\r\n");
    }

    @Test
    void everyResultHasItsKeywordAndComment() throws Exception {
        for (SpfResult result : SpfResult.values()) {
            assertThat(header("192.0.2.1", "a@example.org", "h.example", result))
                    .startsWith("Received-SPF: " + result.keyword() + " (mx.example.test: ").contains("a@example.org");
        }
    }

    @Test
    void anIpv6ClientIpIsInRfc5952FormAndQuotedBecauseColonsAreNoAtext() throws Exception {
        assertThat(header("2001:DB8:0:0:0:0:0:1", "a@example.org", "h.example", SpfResult.NEUTRAL))
                .contains("(mx.example.test: 2001:db8::1 is neither permitted nor denied by domain of a@example.org)")
                .contains("\tclient-ip=\"2001:db8::1\"; ");
        assertThat(header("0:0:0:0:0:0:0:1", "a@example.org", "h.example", SpfResult.NEUTRAL)).contains("\tclient-ip=\"::1\"; ");
    }

    @Test
    void anIpv4MappedClientIpIsTheIpv4Address() throws Exception {
        assertThat(header("::ffff:192.0.2.1", "a@example.org", "h.example", SpfResult.PASS))
                .contains("designates 192.0.2.1 as permitted sender").contains("\tclient-ip=192.0.2.1; ");
    }

    @Test
    void aHeloWithQuotesAndSeparatorsIsOneQuotedString() throws Exception {
        assertThat(header("192.0.2.1", "a@example.org", "x\"; identity=helo; \\y", SpfResult.PASS))
                .contains("; helo=\"x\\\"; identity=helo; \\\\y\"; receiver=mx.example.test; identity=mailfrom\r\n");
    }

    @Test
    void valuesWithLineBreaksOrControlsAreLeftOutWithTheirKey() throws Exception {
        String header = header("192.0.2.1", "a\r\nX-Injected: 1@example.org", "h.example\r\nX-Injected: 2", SpfResult.PASS);
        assertThat(header).contains("\tclient-ip=192.0.2.1; receiver=mx.example.test; identity=mailfrom\r\n");
        assertThat(header.split("\r\n")).hasSize(2).noneMatch(l -> l.startsWith("X-Injected"));
    }

    @Test
    void theCommentLosesParenthesesAndControls() throws Exception {
        assertThat(header("192.0.2.1", "a)(b\u0007@example.org", "h.example", SpfResult.PASS))
                .startsWith("Received-SPF: pass (mx.example.test: domain of a??b?@example.org designates");
    }

    @Test
    void nonAsciiValuesAreLeftOut() throws Exception {
        assertThat(header("192.0.2.1", "jörg@example.org", "h.example", SpfResult.NONE)).doesNotContain("envelope-from");
    }

    private static String header(String ip, String from, String helo, SpfResult result) throws Exception {
        return ReceivedSpfHeader.format(new SpfVerdict(new SpfQuery(InetAddress.getByName(ip), from, helo), result, null),
                "mx.example.test");
    }
}
