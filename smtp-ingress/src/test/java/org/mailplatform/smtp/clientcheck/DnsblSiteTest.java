package org.mailplatform.smtp.clientcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DnsblSiteTest {

    @Test
    void aZoneAloneCountsEveryAddressAnswer() throws Exception {
        DnsblSite site = DnsblSite.parse(" Bl.Example. ");
        assertThat(site.zone()).isEqualTo("bl.example");
        assertThat(site.name().toString()).isEqualTo("bl.example.");
        assertThat(site.counts(InetAddress.getByName("127.0.0.2"))).isTrue();
        assertThat(site.counts(InetAddress.getByName("127.255.255.254"))).isTrue();
    }

    @ParameterizedTest(name = "{0} answered {1}: {2}")
    @CsvSource({
            "bl.example=127.0.0.2, 127.0.0.2, true",
            "bl.example=127.0.0.2, 127.0.0.3, false",
            "bl.example=127.0.0.2, 127.0.1.2, false",
            "zen.spamhaus.org=127.0.0.[2..11], 127.0.0.2, true",
            "zen.spamhaus.org=127.0.0.[2..11], 127.0.0.11, true",
            "zen.spamhaus.org=127.0.0.[2..11], 127.0.0.1, false",
            "zen.spamhaus.org=127.0.0.[2..11], 127.0.0.12, false",
            "zen.spamhaus.org=127.0.0.[2..11], 127.255.255.254, false",
            "bl.example=127.0.0.[2;4;9], 127.0.0.4, true",
            "bl.example=127.0.0.[2;4;9], 127.0.0.9, true",
            "bl.example=127.0.0.[2;4;9], 127.0.0.3, false",
    })
    void anAnswerFilterCountsOnlyItsAddresses(String entry, String answer, boolean listed) throws Exception {
        assertThat(DnsblSite.parse(entry).counts(InetAddress.getByName(answer))).isEqualTo(listed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "localhost", "bl.example=", "bl.example=127.0.0", "bl.example=127.0.0.256",
            "bl.example=127.0.0.[11..2]", "bl.example=127.0.0.[2..]", "bl.example=127.0.0.[2;;4]", "bl.example=127.0.[0].2",
            "bl.example=any", "bad zone.example"})
    void aMalformedEntryIsRefusedNamingIt(String entry) {
        assertThatThrownBy(() -> DnsblSite.parse(entry)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("mail.smtp.client-checks.dnsbl-sites: '" + entry + "': ");
    }
}
