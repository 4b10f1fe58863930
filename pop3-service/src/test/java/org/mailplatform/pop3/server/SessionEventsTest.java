package org.mailplatform.pop3.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.mailplatform.protocol.metrics.ProtocolMetrics;
import org.mailplatform.protocol.server.Listener;
import org.mailplatform.protocol.server.TlsMode;
import org.mailplatform.protocol.session.ConnectionInfo;
import org.mailplatform.protocol.session.SessionEvent;

/** How a session answers protocol-kit's events: refusal, autologout, rate limit, drain. */
class SessionEventsTest {

    private final Listener listener = new Listener("pop3", "127.0.0.1", 0, TlsMode.NONE, false);
    private final ProtocolMetrics metrics = new ProtocolMetrics(new SimpleMeterRegistry(), "pop3");

    private EmbeddedChannel channel() {
        Pop3Policy policy = new Pop3Policy(false, 3, 20, Duration.ZERO, -1, "test", Duration.ofSeconds(2));
        Pop3Services services = new Pop3Services("node", null, null, null, null, null, metrics, null, policy,
                Duration.ofSeconds(1), ReadAheadLimits.disabled(), new Pop3Sessions());
        return new EmbeddedChannel(Pop3Encoder.INSTANCE, new Pop3Session(listener, services));
    }

    private static String written(EmbeddedChannel channel) {
        StringBuilder out = new StringBuilder();
        for (Object o = channel.readOutbound(); o != null; o = channel.readOutbound()) {
            ByteBuf buf = (ByteBuf) o;
            out.append(buf.toString(StandardCharsets.US_ASCII));
            buf.release();
        }
        return out.toString();
    }

    private void admit(EmbeddedChannel channel) {
        InetSocketAddress client = new InetSocketAddress("127.0.0.1", 40000);
        channel.pipeline().fireUserEventTriggered(new SessionEvent.Admitted(
                new ConnectionInfo("c1", listener, client, new InetSocketAddress("127.0.0.1", 110), false)));
    }

    @Test
    void greetsOnAdmission() {
        EmbeddedChannel channel = channel();
        admit(channel);
        assertThat(written(channel)).isEqualTo("+OK POP3 server ready\r\n");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void refusedConnectionGetsSysTempAndIsClosed() {
        EmbeddedChannel channel = channel();
        channel.pipeline().fireUserEventTriggered(new SessionEvent.Rejected(SessionEvent.Reason.TOO_MANY_FROM_ADDRESS));
        assertThat(written(channel)).isEqualTo("-ERR [SYS/TEMP] Too many connections\r\n");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void idleTimeoutLogsOutWithoutUpdate() {
        EmbeddedChannel channel = channel();
        admit(channel);
        written(channel);
        channel.pipeline().fireUserEventTriggered(new SessionEvent.IdleTimedOut());
        assertThat(written(channel)).isEqualTo("-ERR Autologout; idle for too long\r\n");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void commandFloodIsCutOff() {
        EmbeddedChannel channel = channel();
        admit(channel);
        written(channel);
        channel.pipeline().fireUserEventTriggered(new SessionEvent.CommandRateExceeded(6000));
        assertThat(written(channel)).isEqualTo("-ERR [SYS/TEMP] Too many commands\r\n");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void drainingClosesAnIdleSessionSayingNothingWasDeleted() {
        EmbeddedChannel channel = channel();
        admit(channel);
        written(channel);
        channel.pipeline().fireUserEventTriggered(new SessionEvent.Draining());
        assertThat(written(channel)).isEqualTo("-ERR [SYS/TEMP] Server shutting down; nothing was deleted\r\n");
        assertThat(channel.isOpen()).isFalse();
    }
}
