package org.mailplatform.smtp.clientcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

/** The query names of RFC 5782 section 2.1 and its examples. */
class QueryNamesTest {

    @Test
    void ipv4OctetsAreReversed() throws Exception {
        assertThat(QueryNames.dnsbl(InetAddress.getByName("192.0.2.99"), Name.fromString("bl.example.")))
                .hasToString("99.2.0.192.bl.example.");
    }

    @Test
    void ipv6NibblesAreReversedAllThirtyTwo() throws Exception {
        assertThat(QueryNames.dnsbl(InetAddress.getByName("2001:db8:1:2:3:4:567:89ab"), Name.fromString("ugly.example.com.")))
                .hasToString("b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2.ugly.example.com.");
        assertThat(QueryNames.dnsbl(InetAddress.getByName("::1"), Name.fromString("bl.example.")).labels())
                .isEqualTo(32 + 3);
    }

    @Test
    void aDomainIsAskedUnderTheZoneAsAnALabelAndOnlyWhenItCanBe() throws Exception {
        Name zone = Name.fromString("dbl.example.");
        assertThat(QueryNames.rhsbl("Spam.Example", zone)).isEqualTo(Name.fromString("spam.example.dbl.example."));
        assertThat(QueryNames.rhsbl("bücher.example", zone)).isEqualTo(Name.fromString("xn--bcher-kva.example.dbl.example."));
        assertThat(QueryNames.rhsbl("[192.0.2.1]", zone)).isNull();
        assertThat(QueryNames.rhsbl("localhost", zone)).isNull();
        assertThat(QueryNames.rhsbl("under_score.example", zone)).isNull();
        assertThat(QueryNames.rhsbl("a".repeat(60) + "." + "b".repeat(60) + "." + "c".repeat(60) + "." + "d".repeat(60)
                + ".example", zone)).as("too long a name").isNull();
    }

    @Test
    void aNameWithAFinalDotIsAskedWithoutItAndABareAddressIsNotAskedAtAll() throws Exception {
        Name zone = Name.fromString("dbl.example.");
        assertThat(QueryNames.rhsbl("Mail.Example.", zone)).isEqualTo(Name.fromString("mail.example.dbl.example."));
        assertThat(QueryNames.rhsbl("192.0.2.1", zone)).isNull();
        assertThat(QueryNames.rhsbl("host.example..", zone)).isNull();
    }

    @Test
    void aListableDomainIsTheNameInLowerCaseWithoutAFinalDot() {
        assertThat(QueryNames.listableDomain("Mail.Example.")).isEqualTo("mail.example");
        assertThat(QueryNames.listableDomain("Bücher.Example")).isEqualTo("bücher.example");
        assertThat(QueryNames.listableDomain("1.2.example")).isEqualTo("1.2.example");
        for (String unlisted : new String[] {"[192.0.2.1]", "[IPv6:2001:db8::1]", "localhost", "localhost.", "192.0.2.1",
                "host.123", "under_score.example", "", "."}) {
            assertThat(QueryNames.listableDomain(unlisted)).as(unlisted).isNull();
        }
        assertThat(QueryNames.listableDomain(null)).isNull();
    }
}
