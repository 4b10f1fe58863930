package org.mailplatform.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailplatform.protocol.frame.FixedLengthDecoder;
import org.mailplatform.protocol.frame.Framer;
import org.mailplatform.smtp.codec.SmtpCommand;

/** Framer + SMTP decoder on an EmbeddedChannel, input cut at awkward places, as the session drives them. */
class SmtpFramingTest {

    /** Plays the session's part: after DATA or BDAT it switches the framer to the right stream mode. */
    static final class Driver extends ChannelInboundHandlerAdapter {
        final List<String> seen = new ArrayList<>();
        final ByteArrayOutputStream data = new ByteArrayOutputStream();
        Framer framer;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            switch ((SmtpInput) msg) {
                case SmtpInput.Command c -> {
                    seen.add(c.command().verb());
                    if (c.command() instanceof SmtpCommand.Data) {
                        framer.streamMode(new DotStuffedData());
                    } else if (c.command() instanceof SmtpCommand.Bdat b) {
                        framer.streamMode(new FixedLengthDecoder(b.size(), 4));
                    }
                }
                case SmtpInput.Data d -> {
                    data.writeBytes(d.bytes());
                    if (d.last()) {
                        seen.add("DATA-END:" + data.toString(StandardCharsets.ISO_8859_1));
                        data.reset();
                    }
                }
                case SmtpInput.Invalid i -> seen.add("INVALID " + i.reply().code());
                case SmtpInput.SaslResponse r -> seen.add("SASL " + r.line());
            }
            ctx.read();
        }
    }

    static List<String> run(String wire, int piece) {
        Framer framer = new Framer(100);
        Driver driver = new Driver();
        driver.framer = framer;
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAutoRead(false);
        channel.pipeline().addLast(framer, new SmtpDecoder(), driver);
        channel.read();
        byte[] bytes = wire.getBytes(StandardCharsets.ISO_8859_1);
        for (int off = 0; off < bytes.length; off += piece) {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, off, Math.min(piece, bytes.length - off)));
        }
        return driver.seen;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 4096})
    void pipelinedTransactionWithDataAndBdatSurvivesAnySplit(int piece) {
        String wire = "EHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\nDATA\r\n"
                + "Subject: x\r\n\r\n..dot\r\n.\r\nMAIL FROM:<a@b.example>\r\nBDAT 5 LAST\r\n.\r\n\r\nQUIT\r\n";
        assertThat(run(wire, piece)).containsExactly("EHLO", "MAIL", "RCPT", "DATA", "DATA-END:Subject: x\r\n\r\n.dot\r\n",
                "MAIL", "BDAT", "DATA-END:.\r\n\r\n", "QUIT");
    }

    @Test
    void overlongCommandLineBecomesAnInvalidInputAndTheNextLineIsParsed() {
        assertThat(run("NOOP " + "x".repeat(300) + "\r\nQUIT\r\n", 1)).containsExactly("INVALID 500", "QUIT");
    }
}
