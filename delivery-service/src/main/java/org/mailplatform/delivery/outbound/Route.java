package org.mailplatform.delivery.outbound;

import java.net.InetAddress;
import java.util.List;

/** Where mail for a domain goes, as DNS says (RFC 5321 section 5.1). */
public sealed interface Route {

    /** Mail exchangers in the order to try them (lowest preference first, ties shuffled). */
    record Hosts(List<Host> hosts) implements Route {
        public Hosts {
            hosts = List.copyOf(hosts);
        }
    }

    /** The domain publishes a null MX (RFC 7505): it accepts no mail. */
    record NullMx() implements Route {
    }

    /** The domain (or its only exchanger) does not exist: a permanent failure. */
    record NoSuchDomain(String detail) implements Route {
    }

    /** DNS did not answer (timeout, SERVFAIL): try again later. */
    record TemporaryFailure(String detail) implements Route {
    }

    /**
     * One exchanger and its addresses.
     *
     * @param name      the host name (for logs, Remote-MTA and TLS)
     * @param addresses its IPv4 and IPv6 addresses
     */
    record Host(String name, List<InetAddress> addresses) {
        public Host {
            addresses = List.copyOf(addresses);
        }
    }
}
