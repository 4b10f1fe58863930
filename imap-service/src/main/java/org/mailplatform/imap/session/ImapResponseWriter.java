package org.mailplatform.imap.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import org.mailplatform.imap.codec.ImapResponse;
import org.mailplatform.imap.codec.ResponseEncoder;

/** Slot "encoder": {@link ImapResponse}s to bytes through the codec; raw ByteBufs (message bodies) pass. */
@ChannelHandler.Sharable
public final class ImapResponseWriter extends MessageToByteEncoder<ImapResponse> {

    public static final ImapResponseWriter INSTANCE = new ImapResponseWriter();

    private ImapResponseWriter() {
        super(ImapResponse.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ImapResponse response, ByteBuf out) {
        out.writeBytes(ResponseEncoder.encode(response));
    }
}
