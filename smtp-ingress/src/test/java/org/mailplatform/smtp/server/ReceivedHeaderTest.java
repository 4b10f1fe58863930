package org.mailplatform.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;

import org.junit.jupiter.api.Test;

/** The client part of the Received header in Postfix's form; the rest is covered by the transcripts and Angus tests. */
class ReceivedHeaderTest {

    private static final ZonedDateTime NOW = ZonedDateTime.parse("2026-12-05T08:00:00Z");

    @Test
    void aVerifiedNameStandsBeforeTheAddress() throws Exception {
        assertThat(firstLine("mail.example.net", "192.0.2.7")).isEqualTo("Received: from helo.example (mail.example.net [192.0.2.7])");
    }

    @Test
    void anIpv6AddressIsWrittenAsAnAddressLiteralInRfc5952Form() throws Exception {
        assertThat(firstLine("unknown", "2001:DB8:0:0:0:0:0:1")).isEqualTo("Received: from helo.example (unknown [IPv6:2001:db8::1])");
        assertThat(firstLine("unknown", "0:0:0:0:0:0:0:1")).isEqualTo("Received: from helo.example (unknown [IPv6:::1])");
        // RFC 5952 4.2.2: a single zero field is not shortened with ::
        assertThat(firstLine("unknown", "2001:db8:0:1:1:1:1:1")).isEqualTo("Received: from helo.example (unknown [IPv6:2001:db8:0:1:1:1:1:1])");
    }

    @Test
    void anIpv4MappedAddressIsTheIpv4Address() throws Exception {
        assertThat(firstLine("unknown", "::ffff:192.0.2.7")).isEqualTo("Received: from helo.example (unknown [192.0.2.7])");
    }

    @Test
    void aZoneIdIsLeftOut() throws Exception {
        assertThat(firstLine("unknown", "fe80:0:0:0:0:0:0:1%1")).isEqualTo("Received: from helo.example (unknown [IPv6:fe80::1])");
    }

    private static String firstLine(String name, String ip) throws Exception {
        String header = new String(ReceivedHeader.build("helo.example", name, InetAddress.getByName(ip), "mx.test.example", true, false, null, null,
                "Q1", null, NOW), StandardCharsets.UTF_8);
        return header.substring(0, header.indexOf("\r\n"));
    }
}
