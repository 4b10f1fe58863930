package org.mailplatform.protocol.metrics;

import io.micrometer.core.instrument.Counter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/** The "traffic" slot, first in the pipeline: counts the bytes of a listener as they cross the wire. */
@ChannelHandler.Sharable
public final class TrafficCounter extends ChannelDuplexHandler {

    private final Counter in;
    private final Counter out;

    public TrafficCounter(ProtocolMetrics metrics, String listener) {
        this.in = metrics.bytes(listener, "in");
        this.out = metrics.bytes(listener, "out");
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            in.increment(buf.readableBytes());
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf buf) {
            out.increment(buf.readableBytes());
        }
        ctx.write(msg, promise);
    }
}
