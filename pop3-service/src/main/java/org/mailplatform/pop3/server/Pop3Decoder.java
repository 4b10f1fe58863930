package org.mailplatform.pop3.server;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import org.mailplatform.pop3.codec.Pop3CommandParser;
import org.mailplatform.pop3.codec.Pop3Response;
import org.mailplatform.pop3.codec.Pop3SyntaxException;
import org.mailplatform.protocol.frame.Frame;

/**
 * Slot "decoder": frames to {@link Pop3Input}. Lines go through the codec's parser, except a line
 * the session announced as a SASL response ({@link #expectSaslResponse()}).
 */
final class Pop3Decoder extends MessageToMessageDecoder<Frame> {

    private boolean saslResponseNext;

    Pop3Decoder() {
        super(Frame.class);
    }

    /** The next line answers an AUTH challenge. */
    void expectSaslResponse() {
        saslResponseNext = true;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, Frame frame, List<Object> out) {
        out.add(switch (frame) {
            case Frame.LineTooLong tooLong -> {
                saslResponseNext = false;
                yield new Pop3Input.Invalid(Pop3Response.err("Line too long"));
            }
            case Frame.Line line when saslResponseNext -> {
                saslResponseNext = false;
                yield new Pop3Input.SaslResponse(new String(line.bytes(), StandardCharsets.US_ASCII).strip());
            }
            case Frame.Line line -> parse(line);
            case Frame.Chunk chunk -> new Pop3Input.Invalid(Pop3Response.err("Unexpected data"));
        });
    }

    private static Pop3Input parse(Frame.Line line) {
        try {
            return new Pop3Input.Command(Pop3CommandParser.parse(line.bytes()));
        } catch (Pop3SyntaxException e) {
            return new Pop3Input.Invalid(e.response());
        }
    }
}
