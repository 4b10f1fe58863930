package org.mailplatform.protocol.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link WriteBackpressure} against a real socket whose client stops reading: a blocking writer
 * (as FETCH and RETR are) is held while the client does not read, the bytes the server holds stay
 * near the high water mark, and the reply completes once the client reads again.
 */
class SlowReaderTest {

    private static final int LOW = 8 * 1024;
    private static final int HIGH = 32 * 1024;
    private static final int PIECE = 16 * 1024;
    private static final int PIECES = 256; // 4 MiB, far more than the socket buffers below hold
    /** The mark, one more piece (written before the writer looks), and Netty's count of its entries. */
    private static final int BOUND = HIGH + PIECE + 1024;

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final AtomicLong maxPending = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final CompletableFuture<Void> writer = new CompletableFuture<>();

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** A server that, once a client connects, writes {@link #PIECES} pieces from a virtual thread. */
    private int serve(Duration timeout) {
        Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(LOW, HIGH))
                .childOption(ChannelOption.SO_SNDBUF, 8 * 1024)
                .childHandler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelActive(ChannelHandlerContext ctx) {
                        Channel ch = ctx.channel();
                        Thread.ofVirtual().start(() -> write(ch, timeout));
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    private void write(Channel ch, Duration timeout) {
        try {
            for (int i = 0; i < PIECES; i++) {
                ChannelFuture f = ch.writeAndFlush(Unpooled.wrappedBuffer(new byte[PIECE]));
                written.addAndGet(PIECE);
                ChannelOutboundBuffer buffer = ch.unsafe().outboundBuffer();
                if (buffer != null) {
                    maxPending.accumulateAndGet(buffer.totalPendingWriteBytes(), Math::max);
                }
                WriteBackpressure.await(ch, f, timeout);
            }
            writer.complete(null);
        } catch (Throwable t) {
            writer.completeExceptionally(t);
        }
    }

    private static Socket slowClient(int port) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(4 * 1024);
        s.connect(new InetSocketAddress("127.0.0.1", port));
        s.setSoTimeout(10_000);
        return s;
    }

    @Test
    void aWriterIsHeldWhileTheClientDoesNotReadAndFinishesWhenItReadsAgain() throws Exception {
        int port = serve(Duration.ofSeconds(30));
        try (Socket client = slowClient(port)) {
            // the writer stops: what it has written stays put while nobody reads
            AtomicLong last = new AtomicLong(-1);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .until(() -> written.get() > 0 && last.getAndSet(written.get()) == written.get());
            long settled = written.get();
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                    .until(() -> written.get() == settled && !writer.isDone());
            assertThat(settled).as("written while the client read nothing").isLessThan((long) PIECE * PIECES / 4);
            assertThat(maxPending.get()).as("bytes the server holds").isLessThanOrEqualTo(BOUND);

            InputStream in = client.getInputStream();
            byte[] buf = new byte[64 * 1024];
            long read = 0;
            int n;
            while (read < (long) PIECE * PIECES && (n = in.read(buf)) > 0) {
                read += n;
            }
            assertThat(read).isEqualTo((long) PIECE * PIECES);
            writer.get(10, TimeUnit.SECONDS);
            assertThat(maxPending.get()).isLessThanOrEqualTo(BOUND);
        }
    }

    @Test
    void aClientThatReadsNothingForTheTimeoutIsDisconnected() throws Exception {
        int port = serve(Duration.ofMillis(300));
        try (Socket client = slowClient(port)) {
            await().atMost(Duration.ofSeconds(10)).until(writer::isDone);
            assertThat(writer).isCompletedExceptionally();
            assertThat(writer.exceptionNow()).isInstanceOf(IOException.class).hasMessageContaining("read nothing");
            // what was buffered, then end of stream: the server closed the connection
            InputStream in = client.getInputStream();
            byte[] buf = new byte[64 * 1024];
            long read = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                read += n;
            }
            assertThat(n).isEqualTo(-1);
            assertThat(read).isLessThan((long) PIECE * PIECES);
        }
    }
}
