package org.mailplatform.imap.session;

import java.nio.ByteBuffer;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import org.mailplatform.imap.codec.DecodedInput;
import org.mailplatform.imap.codec.DecoderLimits;
import org.mailplatform.imap.codec.ImapSyntaxException;
import org.mailplatform.imap.codec.RequestDecoder;
import org.mailplatform.imap.codec.ResponseCode;
import org.mailplatform.protocol.frame.FixedLengthDecoder;
import org.mailplatform.protocol.frame.Frame;
import org.mailplatform.protocol.frame.Framer;

/**
 * Slot "decoder": feeds the framer's lines (CR LF put back) and literal chunks to the codec's
 * {@link RequestDecoder} and passes what it decodes to the session. Switches the framer to stream
 * mode whenever the codec expects literal bytes, so a literal is never cut as a line. APPEND's
 * message goes on as {@link Frame.Chunk}s, which flow control does not count as commands.
 *
 * <p>When a frame decodes to nothing (a literal's bytes collected into a command, an empty line),
 * it asks for the next frame itself: the session only asks after handling something.
 */
public final class ImapRequestHandler extends ChannelInboundHandlerAdapter {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final int LITERAL_CHUNK = RequestDecoder.APPEND_CHUNK;

    private final RequestDecoder decoder;
    private ChannelHandlerContext ctx;

    public ImapRequestHandler(DecoderLimits limits) {
        this.decoder = new RequestDecoder(limits);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** The next line is a SASL response or IDLE's DONE, not a command. */
    public void expectLine() {
        decoder.expectLine();
    }

    /** The session sent {@code +} for APPEND's literal. */
    public void acceptAppend() {
        decoder.acceptAppend();
        syncFramer();
    }

    /** The session refused the APPEND (before {@code +}, or while a non-synchronizing literal arrives). */
    public void rejectAppend() {
        decoder.rejectAppend();
        syncFramer();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Frame frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            boolean produced = switch (frame) {
                case Frame.Line line -> feed(ByteBuffer.wrap(withCrlf(line.bytes())));
                case Frame.Chunk chunk -> feed(ByteBuffer.wrap(chunk.bytes()));
                case Frame.LineTooLong tooLong -> {
                    // the framer has dropped the line's bytes: whatever command it belonged to cannot continue
                    ctx.fireChannelRead(new DecodedInput.Invalid(null,
                            new ImapSyntaxException(ResponseCode.TOOBIG, "line longer than " + tooLong.limit() + " bytes"), true));
                    yield true;
                }
            };
            if (!produced) {
                ctx.read();
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private boolean feed(ByteBuffer in) {
        boolean produced = false;
        while (true) {
            DecodedInput input = decoder.decode(in);
            if (input == null) {
                break;
            }
            syncFramer();
            produced = true;
            ctx.fireChannelRead(input instanceof DecodedInput.AppendData data
                    ? new Frame.Chunk(data.bytes(), data.last()) : input);
            if (!ctx.channel().isActive()) {
                break;
            }
        }
        syncFramer();
        return produced;
    }

    private void syncFramer() {
        long expected = decoder.literalBytesExpected();
        Framer framer = Framer.of(ctx.channel());
        if (expected > 0 && !framer.inStreamMode()) {
            framer.streamMode(new FixedLengthDecoder(expected, LITERAL_CHUNK));
        }
    }

    private static byte[] withCrlf(byte[] line) {
        byte[] b = new byte[line.length + 2];
        System.arraycopy(line, 0, b, 0, line.length);
        System.arraycopy(CRLF, 0, b, line.length, 2);
        return b;
    }
}
