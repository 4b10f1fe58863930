package org.mailplatform.smtp.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import org.mailplatform.smtp.codec.SmtpReply;

/** Slot "encoder": replies to bytes through the codec. */
@ChannelHandler.Sharable
final class SmtpEncoder extends MessageToByteEncoder<SmtpReply> {

    static final SmtpEncoder INSTANCE = new SmtpEncoder();

    private SmtpEncoder() {
        super(SmtpReply.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, SmtpReply reply, ByteBuf out) {
        out.writeBytes(reply.encode());
    }
}
