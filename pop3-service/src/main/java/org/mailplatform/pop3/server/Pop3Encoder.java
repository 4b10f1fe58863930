package org.mailplatform.pop3.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import org.mailplatform.pop3.codec.Pop3Response;

/** Slot "encoder": responses to bytes through the codec; message content passes as ready ByteBufs. */
@ChannelHandler.Sharable
final class Pop3Encoder extends MessageToByteEncoder<Pop3Response> {

    static final Pop3Encoder INSTANCE = new Pop3Encoder();

    private Pop3Encoder() {
        super(Pop3Response.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Pop3Response response, ByteBuf out) {
        out.writeBytes(response.encode());
    }
}
