package org.mailplatform.imap.managesieve;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Slot "encoder": responses to bytes. */
@ChannelHandler.Sharable
final class SieveEncoder extends MessageToByteEncoder<SieveResponse> {

    static final SieveEncoder INSTANCE = new SieveEncoder();

    private SieveEncoder() {
        super(SieveResponse.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, SieveResponse response, ByteBuf out) {
        out.writeBytes(response.encode());
    }
}
