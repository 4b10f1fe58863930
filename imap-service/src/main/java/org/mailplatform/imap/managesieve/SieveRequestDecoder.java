package org.mailplatform.imap.managesieve;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import org.mailplatform.protocol.frame.FixedLengthDecoder;
import org.mailplatform.protocol.frame.Frame;
import org.mailplatform.protocol.frame.Framer;
import org.mailplatform.protocol.syntax.LiteralHeader;

/**
 * Slot "decoder": the framer's lines and literal chunks to {@link SieveInput}s. A line ending in a
 * literal header ({@code {n}} or {@code {n+}}, RFC 5804 section 4) switches the framer to stream
 * mode for exactly {@code n} bytes (protocol-kit's {@link FixedLengthDecoder}), so a script is never
 * cut into lines; the command goes on after it. ManageSieve has no go-ahead for literals, so
 * {@code {n}} is read like {@code {n+}}.
 *
 * <p>Limits: a literal of PUTSCRIPT or CHECKSCRIPT may hold {@code maxScriptSize} bytes, any other
 * {@code maxLiteralSize}; one command all of them plus {@code maxCommandSize}. A literal over its
 * limit is read and thrown away and the command refused ({@code NO (QUOTA/MAXSIZE)} for a script),
 * unless it is larger than {@link #DISCARD_FACTOR} times the limit: then the client is told
 * {@code BYE} at once rather than being read for nothing.
 *
 * <p>When a frame completes no command it asks for the next frame itself: the session asks only
 * after answering.
 */
public final class SieveRequestDecoder extends ChannelInboundHandlerAdapter {

    /** Largest literal piece collected at once. */
    private static final int CHUNK = 64 * 1024;
    /** How much larger than its limit a literal may be and still be read and refused politely. */
    public static final int DISCARD_FACTOR = 4;

    private final int maxLiteralSize;
    private final int maxScriptSize;
    private final long maxCommandBytes;
    private List<Arg> args = new ArrayList<>();
    private ByteArrayOutputStream literal;
    private long commandBytes;
    /** Set once the command in progress is refused; the rest of it is read and dropped. */
    private SieveResponse.Done refusal;
    private boolean saslResponseNext;

    SieveRequestDecoder(int maxLiteralSize, int maxScriptSize, int maxCommandSize) {
        this.maxLiteralSize = maxLiteralSize;
        this.maxScriptSize = maxScriptSize;
        this.maxCommandBytes = (long) maxCommandSize + maxScriptSize;
    }

    /** The next line answers a SASL challenge (RFC 5804 section 2.1). */
    void expectSaslResponse() {
        saslResponseNext = true;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Frame frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            switch (frame) {
                case Frame.Line line -> line(ctx, line.bytes());
                case Frame.Chunk chunk -> chunk(ctx, chunk);
                case Frame.LineTooLong tooLong -> {
                    // the framer skipped the line: a command with literals before it cannot be trusted any more
                    boolean midCommand = !args.isEmpty() || refusal != null || saslResponseNext;
                    reset();
                    ctx.fireChannelRead(midCommand
                            ? new SieveInput.Invalid(SieveResponse.bye(null, "Line too long"), true)
                            : new SieveInput.Invalid(SieveResponse.no("Line too long"), false));
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void chunk(ChannelHandlerContext ctx, Frame.Chunk chunk) {
        if (literal != null) {
            literal.writeBytes(chunk.bytes());
            if (chunk.last()) {
                args.add(new Arg.Str(literal.toByteArray()));
                literal = null;
            }
        }
        ctx.read(); // more of the literal, or the rest of the command's line
    }

    private void line(ChannelHandlerContext ctx, byte[] bytes) {
        if (args.isEmpty() && refusal == null && bytes.length == 0 && !saslResponseNext) {
            ctx.read(); // an empty line between commands: nothing to answer
            return;
        }
        commandBytes += bytes.length;
        LiteralHeader header;
        try {
            header = ArgTokenizer.tokenize(bytes, refusal == null ? args : new ArrayList<>());
        } catch (SieveSyntaxException e) {
            refuse(SieveResponse.no(e.getMessage()));
            header = trailingHeader(bytes);
        }
        if (header != null) {
            literal(ctx, header);
            return;
        }
        if (refusal == null && commandBytes > maxCommandBytes) {
            refuse(SieveResponse.no("Command too long"));
        }
        SieveInput input = complete();
        reset();
        ctx.fireChannelRead(input);
    }

    private SieveInput complete() {
        if (saslResponseNext) {
            boolean one = refusal == null && args.size() == 1 && args.getFirst() instanceof Arg.Str;
            try {
                return new SieveInput.SaslResponse(one ? ((Arg.Str) args.getFirst()).text() : null);
            } catch (SieveSyntaxException e) {
                return new SieveInput.SaslResponse(null);
            }
        }
        if (refusal != null) {
            return new SieveInput.Invalid(refusal, false);
        }
        try {
            return new SieveInput.Command(CommandParser.parse(args));
        } catch (SieveSyntaxException e) {
            return new SieveInput.Invalid(SieveResponse.no(e.getMessage()), false);
        }
    }

    private void literal(ChannelHandlerContext ctx, LiteralHeader header) {
        boolean script = CommandParser.carriesScript(args);
        long limit = script ? maxScriptSize : maxLiteralSize;
        commandBytes += header.size();
        if (header.size() > limit * DISCARD_FACTOR) {
            reset();
            ctx.fireChannelRead(new SieveInput.Invalid(SieveResponse.bye(
                    script ? SieveResponse.Code.QUOTA_MAXSIZE : null, "Literal too large"), true));
            return;
        }
        if (refusal == null && header.size() > limit) {
            refuse(script ? SieveResponse.no(SieveResponse.Code.QUOTA_MAXSIZE, "Script is larger than " + limit + " bytes")
                    : SieveResponse.no("String is longer than " + limit + " bytes"));
        }
        if (refusal == null && commandBytes > maxCommandBytes) {
            refuse(SieveResponse.no("Command too long"));
        }
        literal = refusal == null ? new ByteArrayOutputStream((int) Math.min(header.size(), CHUNK)) : null;
        Framer.of(ctx.channel()).streamMode(new FixedLengthDecoder(header.size(), CHUNK));
        ctx.read();
    }

    /** The literal a refused line still announces, so that its bytes are skipped, not read as commands. */
    private static LiteralHeader trailingHeader(byte[] line) {
        int at = LiteralHeader.startOfTrailing(line);
        return at < 0 ? null : LiteralHeader.parse(line, at + 1);
    }

    private void refuse(SieveResponse.Done response) {
        if (refusal == null) {
            refusal = response;
            args = new ArrayList<>();
            literal = null;
        }
    }

    private void reset() {
        args = new ArrayList<>();
        literal = null;
        commandBytes = 0;
        refusal = null;
        saslResponseNext = false;
    }
}
