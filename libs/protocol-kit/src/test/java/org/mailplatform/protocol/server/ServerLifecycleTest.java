package org.mailplatform.protocol.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mailplatform.protocol.metrics.ProtocolMetrics;
import org.mailplatform.protocol.server.ProtocolServerTest.Client;
import org.mailplatform.protocol.session.BlockingWork;
import org.springframework.context.support.GenericApplicationContext;

/**
 * {@link ServerLifecycle} with a real Netty server, real sockets and, where it matters, a real Spring
 * context: bind on start, drain on stop (goodbye to idle sessions, the command in flight finishes,
 * the rest is cut after the grace), start again after a stop.
 */
class ServerLifecycleTest {

    static final int PHASE = 42;

    final ProtocolMetrics metrics = new ProtocolMetrics(new SimpleMeterRegistry(), "echo");
    final BlockingWork blocking = new BlockingWork(4);
    final List<AutoCloseable> closeables = new ArrayList<>();
    EchoServer lifecycle;

    /** What a protocol's bean looks like: the life cycle plus its own views. */
    static final class EchoServer extends ServerLifecycle {
        EchoServer(ProtocolServer server) {
            super(server, PHASE);
        }
    }

    EchoServer echoServer(Duration grace) {
        ServerLimits limits = new ServerLimits(null, null, null, null, null, null, grace);
        lifecycle = new EchoServer(new ProtocolServer("echo", List.of(new Listener("main", "127.0.0.1", 0, TlsMode.NONE, false)),
                limits, null, new EchoProtocol(null, blocking, metrics), metrics));
        return lifecycle;
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        if (lifecycle != null) {
            lifecycle.stop();
        }
        blocking.close();
    }

    Client connect(int port) throws Exception {
        Client c = new Client(new Socket("127.0.0.1", port));
        closeables.add(c);
        return c;
    }

    int port() {
        return lifecycle.listener("main").orElseThrow().port();
    }

    /** Starts the server and one session whose command runs {@code millis} on a blocking thread. */
    Client startedWithOneBusySession(EchoServer server, long millis) throws Exception {
        server.start();
        Client busy = connect(port());
        busy.line();
        busy.send("SLOW " + millis + "\r\n");
        await().until(() -> blocking.inFlight() == 1);
        return busy;
    }

    @Test
    void springContextBindsTheListenersOnRefreshAndDrainsThemOnClose() throws Exception {
        EchoServer server = echoServer(Duration.ofSeconds(5));
        int port;
        try (GenericApplicationContext context = new GenericApplicationContext()) {
            context.registerBean(EchoServer.class, () -> server);
            context.refresh();
            assertThat(server.isRunning()).isTrue();
            port = port();
            Client idle = connect(port);
            assertThat(idle.line()).isEqualTo("HELLO 127.0.0.1 proxied=false");
            await().until(() -> server.openConnections() == 1);
            context.close();
            assertThat(idle.line()).isEqualTo("BYE draining");
            assertThat(idle.line()).isNull();
        }
        assertThat(server.isRunning()).isFalse();
        assertThat(server.listeners()).isEmpty();
        assertThat(server.openConnections()).isZero();
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void stopLetsTheCommandInFlightFinishAndTheServerStartsAgain() throws Exception {
        EchoServer server = echoServer(Duration.ofSeconds(5));
        Client busy = startedWithOneBusySession(server, 300);

        CompletableFuture<Void> stopped = CompletableFuture.runAsync(server::stop);
        assertThat(busy.line()).isEqualTo("DONE virtual=true loop=true");
        assertThat(busy.line()).isEqualTo("BYE draining");
        stopped.get(5, TimeUnit.SECONDS);
        assertThat(server.isRunning()).isFalse();

        server.start();
        assertThat(server.isRunning()).isTrue();
        Client again = connect(port());
        assertThat(again.line()).startsWith("HELLO");
        again.send("PING\r\n");
        assertThat(again.line()).isEqualTo("ECHO PING");
    }

    @Test
    void sessionsStillBusyAfterTheGraceAreCut() throws Exception {
        EchoServer server = echoServer(Duration.ofMillis(200));
        Client stuck = startedWithOneBusySession(server, 3000);

        long t0 = System.nanoTime();
        server.stop();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
        assertThat(stuck.line()).isNull();
        assertThat(server.openConnections()).isZero();
    }

    @Test
    void knowsItsPhaseAndOnlyTheListenersItOpened() {
        EchoServer server = echoServer(Duration.ofSeconds(1));
        assertThat(server.getPhase()).isEqualTo(PHASE);
        assertThat(server.listener("main")).isEmpty();
        server.start();
        assertThat(server.listener("main")).isPresent();
        assertThat(server.listener("tls")).isEmpty();
        assertThat(server.listeners()).extracting(b -> b.listener().name()).containsExactly("main");
    }
}
