package org.mailplatform.protocol.frame;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;

/**
 * Slot "decoder" of a line protocol with SASL (SMTP AUTH, RFC 4954; POP3 AUTH, RFC 5034): turns
 * the framer's {@link Frame}s into the protocol's input type {@code I}. A line the session
 * announced as the answer to an AUTH challenge ({@link #expectSaslResponse()}) is handed on as text
 * instead of going through the command parser (base64 or {@code *} would parse as nonsense, or
 * as a command); an over-long line ends that expectation, so the next line is a command again.
 *
 * @param <I> what the protocol's session reads
 */
public abstract class CommandDecoder<I> extends MessageToMessageDecoder<Frame> {

    private boolean saslResponseNext;

    protected CommandDecoder() {
        super(Frame.class);
    }

    /** The next line answers an AUTH challenge. */
    public final void expectSaslResponse() {
        saslResponseNext = true;
    }

    @Override
    protected final void decode(ChannelHandlerContext ctx, Frame frame, List<Object> out) {
        out.add(switch (frame) {
            case Frame.LineTooLong tooLong -> {
                saslResponseNext = false;
                yield lineTooLong(tooLong);
            }
            case Frame.Line line when saslResponseNext -> {
                saslResponseNext = false;
                yield saslResponse(new String(line.bytes(), StandardCharsets.US_ASCII).strip());
            }
            case Frame.Line line -> command(line);
            case Frame.Chunk chunk -> chunk(chunk);
        });
    }

    /** A line that went past the framer's limit (and was skipped). */
    protected abstract I lineTooLong(Frame.LineTooLong frame);

    /** The answer to an AUTH challenge, stripped of surrounding white space. */
    protected abstract I saslResponse(String line);

    /** Any other line: a command, or the codec's error for it. */
    protected abstract I command(Frame.Line line);

    /** Data in stream mode (a message body), or what the protocol says about unexpected data. */
    protected abstract I chunk(Frame.Chunk chunk);
}
