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
}
