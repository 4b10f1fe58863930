package org.mailplatform.protocol.dns;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;

/**
 * The dnsjava resolver of a service's own DNS queries (delivery's MX lookups, smtp-ingress's
 * client checks): the configured servers, or the system's. Entries are {@code host} or
 * {@code host:port} (an IPv6 address without port: no brackets, it has more than one colon).
 * dnsjava's own resolvers are non-blocking (NIO), so asynchronous lookups never hold a thread.
 */
public final class DnsResolvers {

    private DnsResolvers() {
    }

    /**
     * @param servers the DNS servers, empty for the system's (resolv.conf)
     * @param timeout how long one query waits for an answer
     * @throws IllegalArgumentException for an entry that is not {@code host} or {@code host:port}
     */
    public static Resolver create(List<String> servers, Duration timeout) {
        ExtendedResolver resolver;
        if (servers.isEmpty()) {
            resolver = new ExtendedResolver();
        } else {
            List<Resolver> simple = new ArrayList<>();
            for (String server : servers) {
                simple.add(new SimpleResolver(address(server)));
            }
            resolver = new ExtendedResolver(simple);
        }
        resolver.setTimeout(timeout);
        return resolver;
    }

    static InetSocketAddress address(String server) {
        int colon = server.lastIndexOf(':');
        boolean hasPort = colon > 0 && server.indexOf(':') == colon;
        String host = hasPort ? server.substring(0, colon) : server;
        try {
            int port = hasPort ? Integer.parseInt(server.substring(colon + 1)) : 53;
            if (host.isBlank() || port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return new InetSocketAddress(host, port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("DNS server '" + server + "' is not host or host:port");
        }
    }
}
