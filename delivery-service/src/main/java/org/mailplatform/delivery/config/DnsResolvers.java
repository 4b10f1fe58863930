package org.mailplatform.delivery.config;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;

/** The dnsjava resolver for MX lookups: the configured servers, or the system's. */
final class DnsResolvers {

    private DnsResolvers() {
    }

    static Resolver create(List<String> servers, Duration timeout) {
        ExtendedResolver resolver;
        if (servers.isEmpty()) {
            resolver = new ExtendedResolver();
        } else {
            List<Resolver> simple = new ArrayList<>();
            for (String server : servers) {
                int colon = server.lastIndexOf(':');
                boolean hasPort = colon > 0 && server.indexOf(':') == colon;
                String host = hasPort ? server.substring(0, colon) : server;
                int port = hasPort ? Integer.parseInt(server.substring(colon + 1)) : 53;
                simple.add(new SimpleResolver(new InetSocketAddress(host, port)));
            }
            resolver = new ExtendedResolver(simple);
        }
        resolver.setTimeout(timeout);
        return resolver;
    }
}
