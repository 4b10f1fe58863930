package org.mailplatform.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;

import org.junit.jupiter.api.Test;

/** The client part of the Received header in Postfix's form; the rest is covered by the transcripts and Angus tests. */
class ReceivedHeaderTest {

    private static final ZonedDateTime NOW = ZonedDateTime.parse("2026-12-05T08:00:00Z");

    @Test
    void aVerifiedNameStandsBeforeTheAddress() {
        assertThat(firstLine("mail.example.net", "192.0.2.7")).isEqualTo("Received: from helo.example (mail.example.net [192.0.2.7])");
    }

    @Test
    void anIpv6AddressIsWrittenAsAnAddressLiteral() {
        assertThat(firstLine("unknown", "2001:db8:0:0:0:0:0:1")).isEqualTo("Received: from helo.example (unknown [IPv6:2001:db8:0:0:0:0:0:1])");
    }

    private static String firstLine(String name, String ip) {
        String header = new String(ReceivedHeader.build("helo.example", name, ip, "mx.test.example", true, false, null, null,
                "Q1", null, NOW), StandardCharsets.UTF_8);
        return header.substring(0, header.indexOf("\r\n"));
    }
}
