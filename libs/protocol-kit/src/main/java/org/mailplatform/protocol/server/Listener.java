package org.mailplatform.protocol.server;

import java.util.Objects;

/**
 * One listening socket of a protocol server.
 *
 * @param name          short name used in metrics and logs, e.g. {@code mx}, {@code submission}
 * @param host          address to bind; default {@code 0.0.0.0}
 * @param port          port to bind; {@code 0} picks a free one (tests)
 * @param tls           how the listener uses TLS
 * @param proxyProtocol whether every connection starts with a PROXY protocol (v1 or v2) header from
 *                      a load balancer; only enable behind one, as the header is trusted
 */
public record Listener(String name, String host, int port, TlsMode tls, boolean proxyProtocol) {

    public Listener {
        Objects.requireNonNull(name, "name");
        host = host == null || host.isBlank() ? "0.0.0.0" : host;
        tls = tls == null ? TlsMode.NONE : tls;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " of listener " + name);
        }
    }
}
