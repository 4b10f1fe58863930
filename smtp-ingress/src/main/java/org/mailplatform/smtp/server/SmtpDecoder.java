package org.mailplatform.smtp.server;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import org.mailplatform.protocol.frame.Frame;
import org.mailplatform.smtp.codec.SmtpCommandParser;
import org.mailplatform.smtp.codec.SmtpReply;
import org.mailplatform.smtp.codec.SmtpSyntaxException;

/**
 * Slot "decoder": frames to {@link SmtpInput}. Command lines go through the codec's parser; a line
 * the session announced as a SASL response ({@link #expectSaslResponse()}) is passed as it is.
 */
final class SmtpDecoder extends MessageToMessageDecoder<Frame> {

    private boolean saslResponseNext;

    SmtpDecoder() {
        super(Frame.class);
    }

    /** The next line answers an AUTH challenge. */
    void expectSaslResponse() {
        saslResponseNext = true;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, Frame frame, List<Object> out) {
        out.add(switch (frame) {
            case Frame.Chunk chunk -> new SmtpInput.Data(chunk.bytes(), chunk.last());
            case Frame.LineTooLong tooLong -> {
                saslResponseNext = false;
                yield new SmtpInput.Invalid(SmtpReply.of(500, "5.5.6", "Line too long"));
            }
            case Frame.Line line when saslResponseNext -> {
                saslResponseNext = false;
                yield new SmtpInput.SaslResponse(new String(line.bytes(), StandardCharsets.US_ASCII).strip());
            }
            case Frame.Line line -> parse(line);
        });
    }

    private static SmtpInput parse(Frame.Line line) {
        try {
            return new SmtpInput.Command(SmtpCommandParser.parse(line.bytes()));
        } catch (SmtpSyntaxException e) {
            return new SmtpInput.Invalid(e.reply());
        }
    }
}
