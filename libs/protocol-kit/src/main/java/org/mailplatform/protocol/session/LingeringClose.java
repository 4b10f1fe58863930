package org.mailplatform.protocol.session;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;

/**
 * Closes a connection so that its last reply (an error, a BYE) reaches a client that is still
 * sending. Closing a socket with unread input makes the kernel answer with a TCP reset, and a reset
 * lets the client's kernel drop what it had received but the client had not read yet: the client
 * sees "connection reset" instead of the server's reason. So the output is shut down first (a FIN
 * after the flushed reply), the input is read and thrown away until the client closes its side, and
 * the connection is closed for good after {@code linger} at the latest (a client that keeps sending
 * cannot hold it open). A zero linger, or a channel without half-close, closes at once.
 */
public final class LingeringClose {

    /** The name of the discarding handler put first in the pipeline. */
    public static final String HANDLER = "lingering-close";

    private LingeringClose() {
    }

    /** A listener for the write of the last reply: closes as described above once it is written. */
    public static ChannelFutureListener after(Duration linger) {
        return future -> start(future.channel(), linger);
    }

    /** Shuts the output, discards input until the peer closes, closes after {@code linger} at most. */
    public static void start(Channel channel, Duration linger) {
        if (!channel.isActive() || linger.isZero() || linger.isNegative() || !(channel instanceof DuplexChannel duplex)
                || channel.pipeline().get(HANDLER) != null) {
            channel.close();
            return;
        }
        channel.pipeline().addFirst(HANDLER, new Discard());
        channel.eventLoop().schedule(() -> {
            channel.close();
        }, linger.toMillis(), TimeUnit.MILLISECONDS);
        duplex.shutdownOutput().addListener(f -> {
            if (!f.isSuccess()) {
                channel.close();
            }
        });
        channel.config().setAutoRead(true);
        channel.read();
    }

    /** Drops every inbound message; the connection ends when the peer closes (end of input) or on error. */
    private static final class Discard extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            // nothing for the handlers behind: they are done with this connection
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            ReferenceCountUtil.release(evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
