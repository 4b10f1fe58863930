package org.mailplatform.delivery.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;
import org.mailplatform.teststack.StaticDnsResolver;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;

class MxResolverTest {

    private final StaticDnsResolver dns = new StaticDnsResolver();
    private final MxResolver resolver = new MxResolver(dns, 5);

    @Test
    void exchangersComeInPreferenceOrderWithTheirAddresses() throws Exception {
        dns.add(new MXRecord(name("a.test."), DClass.IN, 60, 20, name("backup.a.test.")))
                .add(new MXRecord(name("a.test."), DClass.IN, 60, 10, name("mx.a.test.")))
                .add(new ARecord(name("mx.a.test."), DClass.IN, 60, InetAddress.getByName("192.0.2.1")))
                .add(new AAAARecord(name("mx.a.test."), DClass.IN, 60, InetAddress.getByName("2001:db8::1")))
                .add(new ARecord(name("backup.a.test."), DClass.IN, 60, InetAddress.getByName("192.0.2.2")));

        Route.Hosts hosts = (Route.Hosts) resolver.resolve("a.test");
        assertThat(hosts.hosts()).extracting(Route.Host::name).containsExactly("mx.a.test", "backup.a.test");
        assertThat(hosts.hosts().getFirst().addresses()).extracting(InetAddress::getHostAddress)
                .containsExactly("192.0.2.1", "2001:db8:0:0:0:0:0:1");
    }

    @Test
    void withoutMxTheDomainItselfIsTheExchanger() throws Exception {
        dns.add(new ARecord(name("plain.test."), DClass.IN, 60, InetAddress.getByName("192.0.2.7")));

        Route.Hosts hosts = (Route.Hosts) resolver.resolve("plain.test");
        assertThat(hosts.hosts()).singleElement().satisfies(h -> assertThat(h.name()).isEqualTo("plain.test"));
    }

    @Test
    void aNullMxMeansTheDomainTakesNoMail() throws Exception {
        dns.add(new MXRecord(name("none.test."), DClass.IN, 60, 0, Name.root));

        assertThat(resolver.resolve("none.test")).isInstanceOf(Route.NullMx.class);
    }

    @Test
    void aMissingDomainIsPermanentAndAServerFailureTemporary() throws Exception {
        assertThat(resolver.resolve("missing.test")).isInstanceOf(Route.NoSuchDomain.class);
        dns.servfail(name("broken.test."));
        assertThat(resolver.resolve("broken.test")).isInstanceOf(Route.TemporaryFailure.class);
    }

    private static Name name(String s) throws Exception {
        return Name.fromString(s);
    }
}
