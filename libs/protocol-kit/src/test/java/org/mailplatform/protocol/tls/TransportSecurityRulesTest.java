package org.mailplatform.protocol.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import org.junit.jupiter.api.Test;
import org.mailplatform.protocol.server.Listener;
import org.mailplatform.protocol.server.TlsMode;
import org.mailplatform.protocol.session.ConnectionInfo;

/** The two rules every protocol applies before TLS: {@link PlaintextAuth} and {@link StartTls#available}. */
class TransportSecurityRulesTest {

    private static final Listener STARTTLS = new Listener("plain", "127.0.0.1", 0, TlsMode.STARTTLS, false);
    private static final Listener IMPLICIT = new Listener("tls", "127.0.0.1", 0, TlsMode.IMPLICIT, false);
    private static final Listener NONE = new Listener("none", "127.0.0.1", 0, TlsMode.NONE, false);

    private final SslContext ssl;

    TransportSecurityRulesTest() throws Exception {
        ssl = SslContextBuilder.forClient().build();
    }

    private static ConnectionInfo client(String address) {
        return new ConnectionInfo("c1", STARTTLS, new InetSocketAddress(address, 40000),
                new InetSocketAddress("127.0.0.1", 143), false);
    }

    private EmbeddedChannel withTls(EmbeddedChannel ch) {
        ch.pipeline().addFirst(ssl.newHandler(ch.alloc()));
        return ch;
    }

    @Test
    void plaintextPasswordsOnlyOverTlsFromLoopbackOrWhenAllowed() {
        ConnectionInfo remote = client("192.0.2.7");
        assertThat(PlaintextAuth.allowed(new EmbeddedChannel(), remote, false)).isFalse();
        assertThat(PlaintextAuth.allowed(new EmbeddedChannel(), remote, true)).isTrue();
        assertThat(PlaintextAuth.allowed(new EmbeddedChannel(), client("127.0.0.1"), false)).isTrue();
        assertThat(PlaintextAuth.allowed(withTls(new EmbeddedChannel()), remote, false)).isTrue();
        assertThat(PlaintextAuth.allowed(new EmbeddedChannel(), null, false)).as("not admitted yet").isFalse();
    }

    @Test
    void startTlsOnlyOnAStartTlsListenerWithACertificateAndOnlyOnce() {
        assertThat(StartTls.available(new EmbeddedChannel(), STARTTLS, ssl)).isTrue();
        assertThat(StartTls.available(new EmbeddedChannel(), STARTTLS, null)).isFalse();
        assertThat(StartTls.available(new EmbeddedChannel(), NONE, ssl)).isFalse();
        assertThat(StartTls.available(new EmbeddedChannel(), IMPLICIT, ssl)).isFalse();
        assertThat(StartTls.available(withTls(new EmbeddedChannel()), STARTTLS, ssl)).isFalse();
    }
}
