package org.mailplatform.delivery.support;

import java.net.InetAddress;

import org.mailplatform.store.QuotaPolicy;
import org.mailplatform.teststack.StaticDnsResolver;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Resolver;

/**
 * Test replacements: the directory in memory, a DNS that names 127.0.0.1 as the exchanger of
 * {@code remote.test}, 127.0.0.2 as that of {@code ingress.test} (and a null MX for {@code nullmx.test}), and a quota that is full for users
 * whose address starts with {@code full}.
 */
@TestConfiguration(proxyBeanMethods = false)
public class DeliveryTestBeans {

    /** Quota of the users whose address starts with {@code full}. */
    public static final long FULL_QUOTA_BYTES = 10;

    @Bean
    @Primary
    InMemoryDirectory directory() {
        return new InMemoryDirectory();
    }

    @Bean
    @Primary
    Resolver testDns() throws Exception {
        return new StaticDnsResolver()
                .add(new MXRecord(Name.fromString("remote.test."), DClass.IN, 60, 10, Name.fromString("mx.remote.test.")))
                .add(new ARecord(Name.fromString("mx.remote.test."), DClass.IN, 60,
                        InetAddress.getByName("127.0.0.1")))
                .add(new MXRecord(Name.fromString("nullmx.test."), DClass.IN, 60, 0, Name.root))
                .add(new MXRecord(Name.fromString("ingress.test."), DClass.IN, 60, 10, Name.fromString("mx.ingress.test.")))
                .add(new ARecord(Name.fromString("mx.ingress.test."), DClass.IN, 60,
                        InetAddress.getByName("127.0.0.2")));
    }

    /** Users whose local part starts with {@code full} have a quota of {@value #FULL_QUOTA_BYTES} bytes. */
    @Bean
    @Primary
    QuotaPolicy testQuota() {
        return p -> p.address().startsWith("full") ? new QuotaPolicy.Limits(FULL_QUOTA_BYTES, 0)
                : new QuotaPolicy.Limits(0, 0);
    }
}
