package org.mailplatform.smtp.clientcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

class NetworksTest {

    private final Networks networks = Networks.parse(List.of("127.0.0.0/8", "::1/128", "192.0.2.7", "198.51.100.128/25", "2001:db8::/32"));

    @Test
    void membersAreThoseSharingThePrefix() throws Exception {
        assertThat(networks.contains(InetAddress.getByName("127.9.9.9"))).isTrue();
        assertThat(networks.contains(InetAddress.getByName("192.0.2.7"))).isTrue();
        assertThat(networks.contains(InetAddress.getByName("192.0.2.8"))).isFalse();
        assertThat(networks.contains(InetAddress.getByName("198.51.100.200"))).isTrue();
        assertThat(networks.contains(InetAddress.getByName("198.51.100.127"))).isFalse();
        assertThat(networks.contains(InetAddress.getByName("2001:db8:ffff::1"))).isTrue();
        assertThat(networks.contains(InetAddress.getByName("2001:db9::1"))).isFalse();
        assertThat(networks.contains(InetAddress.getByName("::2"))).isFalse();
    }

    @Test
    void anEmptyListHasNoMembersAndBlankEntriesAreIgnored() throws Exception {
        assertThat(Networks.parse(List.of("", " ")).contains(InetAddress.getByName("127.0.0.1"))).isFalse();
    }

    @Test
    void aMalformedEntryIsRefusedNamingIt() {
        for (String bad : List.of("10.0.0.0/33", "10.0.0.0/x", "mail.example", "::1/129")) {
            assertThatThrownBy(() -> Networks.parse(List.of(bad))).hasMessageContaining("'" + bad + "'");
        }
    }
}
