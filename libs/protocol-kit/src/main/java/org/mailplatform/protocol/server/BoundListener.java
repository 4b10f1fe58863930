package org.mailplatform.protocol.server;

import java.net.InetSocketAddress;

/**
 * A listener and the address it is really bound to (the port is known here when 0 was asked).
 *
 * @param listener the configured listener
 * @param address  the bound address
 */
public record BoundListener(Listener listener, InetSocketAddress address) {

    public int port() {
        return address.getPort();
    }
}
