package org.mailplatform.protocol.session;

import java.net.InetSocketAddress;
import java.util.Optional;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import org.mailplatform.protocol.server.Listener;

/**
 * Who is connected, known once the connection has been admitted: the listener it came in on and
 * the client's address (the real one from a PROXY protocol header when the listener expects it).
 *
 * @param id       short id of the connection, for logs and trace headers
 * @param listener the listener that accepted the connection
 * @param client   the client's address
 * @param local    the server's address of the connection
 * @param proxied  {@code true} when {@code client} came from a PROXY protocol header
 */
public record ConnectionInfo(String id, Listener listener, InetSocketAddress client, InetSocketAddress local,
                             boolean proxied) {

    private static final AttributeKey<ConnectionInfo> KEY = AttributeKey.valueOf(ConnectionInfo.class, "info");

    /** The info of an admitted connection. */
    public static Optional<ConnectionInfo> of(Channel channel) {
        return Optional.ofNullable(channel.attr(KEY).get());
    }

    /** Records this as the info of {@code channel} (done once, at admission). */
    public void attachTo(Channel channel) {
        channel.attr(KEY).set(this);
    }

    /** Whether the client connects from a loopback address (plain AUTH may be allowed there). */
    public boolean fromLoopback() {
        return client.getAddress() != null && client.getAddress().isLoopbackAddress();
    }
}
