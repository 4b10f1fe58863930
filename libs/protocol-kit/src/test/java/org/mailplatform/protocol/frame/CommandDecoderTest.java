package org.mailplatform.protocol.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class CommandDecoderTest {

    /** Names what it was given, so the tests can see which way a frame went. */
    static final class Named extends CommandDecoder<String> {
        @Override
        protected String lineTooLong(Frame.LineTooLong frame) {
            return "too long " + frame.limit();
        }

        @Override
        protected String saslResponse(String line) {
            return "sasl " + line;
        }

        @Override
        protected String command(Frame.Line line) {
            return "command " + line.text();
        }

        @Override
        protected String chunk(Frame.Chunk chunk) {
            return "chunk " + chunk.bytes().length + (chunk.last() ? " last" : "");
        }
    }

    private static Frame.Line line(String text) {
        return new Frame.Line(text.getBytes(StandardCharsets.US_ASCII), true);
    }

    @Test
    void linesAreCommandsUntilTheSessionExpectsASaslResponseAndThenOnlyTheNextOne() {
        Named decoder = new Named();
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        ch.writeInbound(line("AUTH PLAIN"));
        decoder.expectSaslResponse();
        ch.writeInbound(line(" dGVzdAB0ZXN0AHB3 "), line("NOOP"));
        assertThat((String) ch.readInbound()).isEqualTo("command AUTH PLAIN");
        assertThat((String) ch.readInbound()).isEqualTo("sasl dGVzdAB0ZXN0AHB3");
        assertThat((String) ch.readInbound()).isEqualTo("command NOOP");
    }

    @Test
    void aLineTooLongEndsTheExpectedSaslResponse() {
        Named decoder = new Named();
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        decoder.expectSaslResponse();
        ch.writeInbound(new Frame.LineTooLong(1000), line("QUIT"));
        assertThat((String) ch.readInbound()).isEqualTo("too long 1000");
        assertThat((String) ch.readInbound()).isEqualTo("command QUIT");
    }

    @Test
    void chunksGoToTheProtocol() {
        EmbeddedChannel ch = new EmbeddedChannel(new Named());
        ch.writeInbound(new Frame.Chunk(new byte[3], false), new Frame.Chunk(new byte[0], true));
        assertThat((String) ch.readInbound()).isEqualTo("chunk 3");
        assertThat((String) ch.readInbound()).isEqualTo("chunk 0 last");
    }
}
