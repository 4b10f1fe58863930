package org.mailplatform.protocol.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.SimpleResolver;

class DnsResolversTest {

    @Test
    void serversAreHostOrHostAndPort() {
        assertThat(DnsResolvers.address("192.0.2.1")).isEqualTo(new InetSocketAddress("192.0.2.1", 53));
        assertThat(DnsResolvers.address("192.0.2.1:5353")).isEqualTo(new InetSocketAddress("192.0.2.1", 5353));
        assertThat(DnsResolvers.address("2001:db8::1")).isEqualTo(new InetSocketAddress("2001:db8::1", 53));
    }

    @Test
    void aMalformedServerIsRefusedByName() {
        assertThatThrownBy(() -> DnsResolvers.address("192.0.2.1:dns")).hasMessageContaining("'192.0.2.1:dns'");
        assertThatThrownBy(() -> DnsResolvers.address("192.0.2.1:70000")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theResolverAsksTheConfiguredServersWithTheTimeout() {
        ExtendedResolver resolver = (ExtendedResolver) DnsResolvers.create(List.of("192.0.2.1:5353", "192.0.2.2"), Duration.ofSeconds(3));
        assertThat(resolver.getResolvers()).hasSize(2);
        assertThat(((SimpleResolver) resolver.getResolvers()[0]).getAddress()).isEqualTo(new InetSocketAddress("192.0.2.1", 5353));
        assertThat(resolver.getTimeout()).isEqualTo(Duration.ofSeconds(3));
    }
}
