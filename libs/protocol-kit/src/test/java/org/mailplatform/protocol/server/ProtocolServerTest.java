package org.mailplatform.protocol.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailplatform.protocol.metrics.ProtocolMetrics;
import org.mailplatform.protocol.session.BlockingWork;
import org.mailplatform.protocol.tls.TlsContexts;
import org.mailplatform.protocol.tls.TlsSettings;

class ProtocolServerTest {

    static SslContext ssl;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final ProtocolMetrics metrics = new ProtocolMetrics(registry, "echo");
    final BlockingWork blocking = new BlockingWork(4);
    final List<AutoCloseable> closeables = new ArrayList<>();
    ProtocolServer server;
    Map<String, Integer> ports;

    @BeforeAll
    static void certificate() throws Exception {
        X509Bundle cert = new CertificateBuilder().subject("CN=localhost").addSanDnsName("localhost").setIsCertificateAuthority(true).buildSelfSigned();
        ssl = TlsContexts.server(new TlsSettings(cert.toTempCertChainPem().toPath(), cert.toTempPrivateKeyPem().toPath()));
    }

    /** The socket layer under test: AUTO is epoll wherever the native library loads (Linux CI); {@link ProtocolServerOnNioTest} runs all on NIO. */
    Transport transport() {
        return Transport.AUTO;
    }

    void start(ServerLimits limits, Listener... listeners) {
        server = new ProtocolServer("echo", List.of(listeners), limits, ssl, new EchoProtocol(ssl, blocking, metrics), metrics,
                transport());
        ports = new java.util.HashMap<>();
        server.start().forEach(b -> ports.put(b.listener().name(), b.port()));
    }

    void start(Listener... listeners) {
        start(ServerLimits.defaults(), listeners);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
        if (server != null) {
            server.drain(Duration.ofSeconds(1));
        }
        blocking.close();
    }

    Client connect(String listener) throws IOException {
        Client c = new Client(new Socket("127.0.0.1", ports.get(listener)));
        closeables.add(c);
        return c;
    }

    static Listener plain(String name) {
        return new Listener(name, "127.0.0.1", 0, TlsMode.STARTTLS, false);
    }

    @Test
    void greetsAndEchoesPipelinedCommandsInOrder() throws Exception {
        start(plain("main"));
        Client c = connect("main");
        assertThat(c.line()).isEqualTo("HELLO 127.0.0.1 proxied=false");
        c.send("ONE\r\nTWO\r\nTHREE\r\n");
        assertThat(List.of(c.line(), c.line(), c.line())).containsExactly("ECHO ONE", "ECHO TWO", "ECHO THREE");
        c.send("QUIT\r\n");
        assertThat(c.line()).isEqualTo("BYE");
        assertThat(c.line()).isNull();
    }

    @Test
    void overlongLineIsReportedAndTheConnectionGoesOn() throws Exception {
        start(new ServerLimits(null, null, 16, null, null, null, null), plain("main"));
        Client c = connect("main");
        c.line();
        c.send("X".repeat(5000) + "\r\nOK\r\n");
        assertThat(c.line()).isEqualTo("ECHO <too long>");
        assertThat(c.line()).isEqualTo("ECHO OK");
    }

    @Test
    void literalStreamsArriveInChunksAndLineModeResumes() throws Exception {
        start(plain("main"));
        Client c = connect("main");
        c.line();
        c.send("LIT 8\r\nabcdefghAFTER\r\n");
        assertThat(c.line()).isEqualTo("GOT abcdefgh");
        assertThat(c.line()).isEqualTo("ECHO AFTER");
    }

    @Test
    void refusesConnectionsBeyondThePerAddressLimit() throws Exception {
        start(new ServerLimits(null, 2, null, null, null, null, null), plain("main"));
        Client a = connect("main");
        Client b = connect("main");
        assertThat(a.line()).startsWith("HELLO");
        assertThat(b.line()).startsWith("HELLO");
        Client third = connect("main");
        assertThat(third.line()).isEqualTo("NO TOO_MANY_FROM_ADDRESS");
        assertThat(third.line()).isNull();
        a.send("QUIT\r\n");
        a.line();
        await().until(() -> server.limiter().total() == 1);
        assertThat(connect("main").line()).startsWith("HELLO");
        assertThat(registry.get("mail.protocol.connections").tag("outcome", "too_many_from_address").counter().count()).isEqualTo(1);
    }

    @Test
    void idleConnectionsAreClosed() throws Exception {
        start(new ServerLimits(null, null, null, Duration.ofMillis(300), null, null, null), plain("main"));
        Client c = connect("main");
        c.line();
        assertThat(c.line()).isEqualTo("BYE idle");
        assertThat(c.line()).isNull();
    }

    @Test
    void commandFloodIsCutOff() throws Exception {
        start(new ServerLimits(null, null, null, null, 5, null, null), plain("main"));
        Client c = connect("main");
        c.line();
        c.send("A\r\n".repeat(10));
        for (int i = 0; i < 5; i++) {
            assertThat(c.line()).isEqualTo("ECHO A");
        }
        assertThat(c.line()).isEqualTo("BYE rate");
    }

    @Test
    void blockingWorkRunsOnAVirtualThreadAndAnswersOnTheEventLoop() throws Exception {
        start(plain("main"));
        Client c = connect("main");
        c.line();
        c.send("SLOW 50\r\nAFTER\r\n");
        assertThat(c.line()).isEqualTo("DONE virtual=true loop=true");
        assertThat(c.line()).isEqualTo("ECHO AFTER");
    }

    @Test
    void starttlsDiscardsPipelinedPlaintextAndSwitchesToTls() throws Exception {
        start(plain("main"));
        Client c = connect("main");
        c.line();
        c.send("STARTTLS\r\nINJECTED\r\n");
        assertThat(c.line()).isEqualTo("GO dropped=10");
        Client tls = c.startTls();
        tls.send("TLS\r\n");
        assertThat(tls.line()).startsWith("TLS TLSv1.");
        tls.send("PLAIN?\r\n");
        assertThat(tls.line()).isEqualTo("ECHO PLAIN?");
    }

    @Test
    void implicitTlsListenerSpeaksTlsFromTheFirstByte() throws Exception {
        start(new Listener("secure", "127.0.0.1", 0, TlsMode.IMPLICIT, false));
        SSLSocket socket = (SSLSocket) clientTls().getSocketFactory().createSocket("127.0.0.1", ports.get("secure"));
        Client c = new Client(socket);
        closeables.add(c);
        assertThat(c.line()).startsWith("HELLO");
        c.send("TLS\r\n");
        assertThat(c.line()).isEqualTo("TLS TLSv1.3");
    }

    @Test
    void proxyProtocolV2HeaderGivesTheRealClientAddress() throws Exception {
        start(new Listener("lb", "127.0.0.1", 0, TlsMode.NONE, true));
        Client c = connect("lb");
        c.sendBytes(proxyV2Header("203.0.113.9", 40000, "127.0.0.1", 25));
        assertThat(c.line()).isEqualTo("HELLO 203.0.113.9 proxied=true");
        c.send("WHO\r\n");
        assertThat(c.line()).isEqualTo("YOU 40000 on lb");
    }

    @Test
    void perAddressLimitCountsTheProxiedAddress() throws Exception {
        start(new ServerLimits(null, 1, null, null, null, null, null), new Listener("lb", "127.0.0.1", 0, TlsMode.NONE, true));
        Client a = connect("lb");
        a.sendBytes(proxyV2Header("203.0.113.9", 40000, "127.0.0.1", 25));
        assertThat(a.line()).startsWith("HELLO 203.0.113.9");
        Client b = connect("lb");
        b.sendBytes(proxyV2Header("203.0.113.10", 40001, "127.0.0.1", 25));
        assertThat(b.line()).startsWith("HELLO 203.0.113.10");
        Client c = connect("lb");
        c.sendBytes(proxyV2Header("203.0.113.9", 40002, "127.0.0.1", 25));
        assertThat(c.line()).isEqualTo("NO TOO_MANY_FROM_ADDRESS");
    }

    @Test
    void drainTellsIdleSessionsAndLetsBusyOnesFinish() throws Exception {
        start(plain("main"));
        Client idle = connect("main");
        Client busy = connect("main");
        idle.line();
        busy.line();
        busy.send("SLOW 300\r\n");
        Thread.sleep(50);
        long t0 = System.nanoTime();
        server.drain(Duration.ofSeconds(5));
        assertThat(idle.line()).isEqualTo("BYE draining");
        assertThat(busy.line()).isEqualTo("DONE virtual=true loop=true");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        server = null;
    }

    @Test
    void metricsCountConnectionsCommandsAndBytes() throws Exception {
        start(plain("main"));
        Client c = connect("main");
        c.line();
        c.send("HI\r\n");
        c.line();
        assertThat(metrics.activeConnections("main")).isEqualTo(1);
        await().until(() -> registry.find("mail.protocol.commands").tag("command", "HI").timer() != null);
        assertThat(registry.get("mail.protocol.bytes").tag("direction", "in").counter().count()).isEqualTo(4);
        c.send("QUIT\r\n");
        c.line();
        await().until(() -> metrics.activeConnections("main") == 0);
    }

    static SSLContext clientTls() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
        return context;
    }

    static byte[] proxyV2Header(String src, int srcPort, String dst, int dstPort) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(16 + 12);
        b.put(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A});
        b.put((byte) 0x21); // version 2, PROXY
        b.put((byte) 0x11); // TCP over IPv4
        b.putShort((short) 12);
        b.put(java.net.InetAddress.getByName(src).getAddress());
        b.put(java.net.InetAddress.getByName(dst).getAddress());
        b.putShort((short) srcPort);
        b.putShort((short) dstPort);
        return b.array();
    }

    static final class Client implements AutoCloseable {
        final Socket socket;
        final BufferedReader in;
        final OutputStream out;

        Client(Socket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout(5000);
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            this.out = socket.getOutputStream();
        }

        String line() throws IOException {
            try {
                return in.readLine();
            } catch (java.net.SocketException e) {
                return null;
            }
        }

        void send(String s) throws IOException {
            sendBytes(s.getBytes(StandardCharsets.UTF_8));
        }

        void sendBytes(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        Client startTls() throws Exception {
            InetSocketAddress peer = (InetSocketAddress) socket.getRemoteSocketAddress();
            SSLSocket tls = (SSLSocket) clientTls().getSocketFactory().createSocket(socket, peer.getHostString(), peer.getPort(), true);
            tls.startHandshake();
            return new Client(tls);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
