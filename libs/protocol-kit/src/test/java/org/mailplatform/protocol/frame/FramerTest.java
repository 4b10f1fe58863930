package org.mailplatform.protocol.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class FramerTest {

    /** Records frames; with {@code keepAsking} it asks for the next frame after each one. */
    static final class Collector extends ChannelInboundHandlerAdapter {
        final List<Frame> frames = new ArrayList<>();
        boolean keepAsking = true;
        Runnable onFrame = () -> { };

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            frames.add((Frame) msg);
            onFrame.run();
            if (keepAsking) {
                ctx.read();
            }
        }

        List<String> texts() {
            return frames.stream().map(f -> switch (f) {
                case Frame.Line l -> l.text() + (l.crlf() ? "" : "<bare LF>");
                case Frame.LineTooLong t -> "<too long>";
                case Frame.Chunk c -> "[" + new String(c.bytes(), StandardCharsets.ISO_8859_1) + (c.last() ? "]." : "]");
            }).toList();
        }
    }

    private final Framer framer = new Framer(20);
    private final Collector collector = new Collector();
    private final EmbeddedChannel channel = demandDriven(framer, collector);

    /** A channel that, like protocol-kit's, reads only when asked. */
    static EmbeddedChannel demandDriven(io.netty.channel.ChannelHandler... handlers) {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAutoRead(false);
        channel.pipeline().addLast(handlers);
        return channel;
    }

    private void feedBytewise(String s) {
        for (byte b : s.getBytes(StandardCharsets.ISO_8859_1)) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
    }

    @Test
    void linesSplitOneByteAtATimeComeOutWhole() {
        channel.read();
        feedBytewise("EHLO x\r\nNOOP\r\n\r\n");
        assertThat(collector.texts()).containsExactly("EHLO x", "NOOP", "");
    }

    @Test
    void crlfSplitAcrossReadsIsOneTerminator() {
        channel.read();
        channel.writeInbound(Unpooled.copiedBuffer("NOOP\r", StandardCharsets.US_ASCII));
        assertThat(collector.frames).isEmpty();
        channel.writeInbound(Unpooled.copiedBuffer("\nQUIT\r\n", StandardCharsets.US_ASCII));
        assertThat(collector.texts()).containsExactly("NOOP", "QUIT");
    }

    @Test
    void bareLfEndsALineAndIsReported() {
        channel.read();
        channel.writeInbound(Unpooled.copiedBuffer("A\nB\r\n", StandardCharsets.US_ASCII));
        assertThat(collector.texts()).containsExactly("A<bare LF>", "B");
    }

    @Test
    void noFrameIsCutWithoutDemand() {
        collector.keepAsking = false;
        channel.writeInbound(Unpooled.copiedBuffer("ONE\r\nTWO\r\n", StandardCharsets.US_ASCII));
        assertThat(collector.frames).isEmpty();
        channel.read();
        assertThat(collector.texts()).containsExactly("ONE");
        assertThat(framer.buffered()).isEqualTo(5);
        channel.read();
        assertThat(collector.texts()).containsExactly("ONE", "TWO");
    }

    @Test
    void lineOverTheLimitBecomesOneTooLongFrameAndTheNextLineIsFine() {
        channel.read();
        feedBytewise("0123456789ABCDEFGHIJKLMNOP\r\nOK\r\n");
        assertThat(collector.texts()).containsExactly("<too long>", "OK");
    }

    @Test
    void lineOverTheLimitInOneReadIsSkippedToItsEnd() {
        channel.read();
        channel.writeInbound(Unpooled.copiedBuffer("0123456789ABCDEFGHIJK\r\nOK\r\n", StandardCharsets.US_ASCII));
        assertThat(collector.texts()).containsExactly("<too long>", "OK");
    }

    @Test
    void lineOfExactlyTheLimitIsAccepted() {
        channel.read();
        feedBytewise("0123456789ABCDEFGHIJ\r\n");
        assertThat(collector.texts()).containsExactly("0123456789ABCDEFGHIJ");
    }

    @Test
    void streamModeCutsChunksThenReturnsToLines() {
        collector.onFrame = () -> {
            if (collector.frames.getLast() instanceof Frame.Line l && l.text().startsWith("LIT")) {
                framer.streamMode(new FixedLengthDecoder(Integer.parseInt(l.text().substring(4)), 4));
            }
        };
        channel.read();
        feedBytewise("LIT 6\r\nabcdefNEXT\r\n");
        assertThat(collector.texts()).containsExactly("LIT 6", "[a]", "[b]", "[c]", "[d]", "[e]", "[f].", "NEXT");
    }

    @Test
    void streamModeChunksAreCappedAndTheRestStaysForLines() {
        collector.onFrame = () -> {
            if (collector.frames.getLast() instanceof Frame.Line l && l.text().equals("LIT 6")) {
                framer.streamMode(new FixedLengthDecoder(6, 4));
            }
        };
        channel.read();
        channel.writeInbound(Unpooled.copiedBuffer("LIT 6\r\nabcdefNEXT\r\n", StandardCharsets.US_ASCII));
        assertThat(collector.texts()).containsExactly("LIT 6", "[abcd]", "[ef].", "NEXT");
    }

    @Test
    void emptyStreamEndsAtOnce() {
        collector.onFrame = () -> {
            if (collector.frames.getLast() instanceof Frame.Line l && l.text().equals("LIT 0")) {
                framer.streamMode(new FixedLengthDecoder(0, 4));
            }
        };
        channel.read();
        channel.writeInbound(Unpooled.copiedBuffer("LIT 0\r\nNEXT\r\n", StandardCharsets.US_ASCII));
        assertThat(collector.texts()).containsExactly("LIT 0", "[].", "NEXT");
    }

    @Test
    void discardBufferedDropsPipelinedBytes() {
        collector.keepAsking = false;
        channel.writeInbound(Unpooled.copiedBuffer("STARTTLS\r\nMAIL FROM:<evil>\r\n", StandardCharsets.US_ASCII));
        channel.read();
        assertThat(collector.texts()).containsExactly("STARTTLS");
        assertThat(framer.discardBuffered()).isEqualTo("MAIL FROM:<evil>\r\n".length());
        channel.read();
        assertThat(collector.texts()).containsExactly("STARTTLS");
    }

    @Test
    void manyPipelinedCommandsDoNotRecurse() {
        channel.read();
        String many = "NOOP\r\n".repeat(20_000);
        ByteBuf buf = Unpooled.copiedBuffer(many, StandardCharsets.US_ASCII);
        channel.writeInbound(buf);
        assertThat(collector.frames).hasSize(20_000);
    }

    @Test
    void closingReleasesBufferedBytes() {
        collector.keepAsking = false;
        ByteBuf buf = Unpooled.copiedBuffer("partial", StandardCharsets.US_ASCII);
        channel.writeInbound(buf);
        channel.close();
        assertThat(buf.refCnt()).isZero();
    }
}
