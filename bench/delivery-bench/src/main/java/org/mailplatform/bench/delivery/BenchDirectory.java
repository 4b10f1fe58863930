package org.mailplatform.bench.delivery;

import java.net.InetAddress;
import java.util.Locale;

import org.mailplatform.directory.client.AuthResult;
import org.mailplatform.directory.client.Directory;
import org.mailplatform.directory.client.Protocol;
import org.mailplatform.directory.client.Resolution;
import org.mailplatform.model.Principal;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The directory of the benchmark: every address at {@code bench.test} is a user. In memory, so the
 * rate measured is delivery's (router, local deliverer, mailbox store, Kafka), not auth-service's;
 * in production directory-client caches positive answers, so the directory is off the hot path too.
 */
@Configuration(proxyBeanMethods = false)
public class BenchDirectory {

    static final String DOMAIN = "bench.test";

    @Bean
    Directory inMemoryDirectory() {
        return new Directory() {
            @Override
            public AuthResult authenticate(String login, String secret, Protocol protocol, InetAddress client) {
                throw new UnsupportedOperationException("delivery does not authenticate");
            }

            @Override
            public Resolution resolve(String address) {
                String a = address.toLowerCase(Locale.ROOT);
                if (!a.endsWith("@" + DOMAIN)) {
                    return new Resolution.NotLocalDomain();
                }
                return new Resolution.LocalUser(principal(a));
            }
        };
    }

    static Principal principal(String address) {
        return new Principal("bench", "u-" + address.substring(0, address.indexOf('@')), address);
    }
}
