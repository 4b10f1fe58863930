package org.mailplatform.protocol.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Over real sockets: the reset a plain close causes is what loses the reply, and only the kernel makes one. */
class LingeringCloseTest {

    private static final byte[] REPLY = "* BYE too much\r\n".getBytes(StandardCharsets.US_ASCII);

    private EventLoopGroup group;
    private Channel server;
    /** The server's side of each accepted connection. */
    private final java.util.List<Channel> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws InterruptedException {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        accepted.add(ch);
                        // as in every protocol's pipeline: reads on demand, through protocol-kit's flow control
                        ch.config().setAutoRead(false);
                        ch.pipeline().addLast(new org.mailplatform.protocol.limit.FlowControl(600));
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            private boolean answered;

                            @Override
                            public void channelActive(ChannelHandlerContext ctx) {
                                ctx.read();
                            }

                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ((ByteBuf) msg).release();
                                if (answered) {
                                    ctx.read();
                                } else {
                                    // the first bytes already break a limit: reply and close, with more input on its way
                                    answered = true;
                                    // later, as an answer handed back by blocking work: no read is armed then
                                    ctx.executor().schedule(() -> ctx.writeAndFlush(Unpooled.wrappedBuffer(REPLY))
                                            .addListener(LingeringClose.after(Duration.ofSeconds(5))),
                                            20, java.util.concurrent.TimeUnit.MILLISECONDS);
                                }
                            }
                        });
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    @AfterEach
    void stop() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void aClientStillSendingReadsTheLastReplyAndThenTheEndOfTheStream() throws Exception {
        int port = ((InetSocketAddress) server.localAddress()).getPort();
        for (int attempt = 0; attempt < 5; attempt++) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                byte[] megabyte = new byte[1024 * 1024];
                java.util.Arrays.fill(megabyte, (byte) 'x');
                out.write(megabyte);
                out.flush();
                InputStream in = socket.getInputStream();
                ByteArrayOutputStream got = new ByteArrayOutputStream();
                in.transferTo(got);
                assertThat(got.toString(StandardCharsets.US_ASCII)).isEqualTo("* BYE too much\r\n");
            }
        }
    }

    @Test
    void theConnectionClosesWhenTheClientDoesNotWhenTheLingerEnds() throws Exception {
        int port = ((InetSocketAddress) server.localAddress()).getPort();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                    .isEqualTo("* BYE too much\r\n");
        }
        // the linger is 5 s; the connection's slot (ConnectionLimiter) is freed when its channel closes
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(2))
                .until(() -> !accepted.getFirst().isOpen());
    }

    @Test
    void aZeroLingerClosesAtOnce() {
        io.netty.channel.embedded.EmbeddedChannel ch = new io.netty.channel.embedded.EmbeddedChannel();
        LingeringClose.start(ch, Duration.ZERO);
        assertThat(ch.isOpen()).isFalse();
    }
}
