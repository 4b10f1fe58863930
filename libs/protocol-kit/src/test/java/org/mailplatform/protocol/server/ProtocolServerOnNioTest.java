package org.mailplatform.protocol.server;

/** Every scenario of {@link ProtocolServerTest} again on the JDK's selector, the fallback where epoll does not load. */
class ProtocolServerOnNioTest extends ProtocolServerTest {

    @Override
    Transport transport() {
        return Transport.NIO;
    }
}
