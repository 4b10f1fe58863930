package org.mailplatform.delivery.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class SmtpWireTest {

    @Test
    void dataBodyIsDotStuffedNormalisedToCrlfAndTerminated() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DotStuffingOutputStream body = new DotStuffingOutputStream(out);
        body.write(".first\r\nmiddle\n..two\rlast".getBytes(StandardCharsets.US_ASCII));
        body.finish();

        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("..first\r\nmiddle\r\n...two\r\nlast\r\n.\r\n");
    }

    @Test
    void contentEndingWithCrlfGetsNoExtraLine() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DotStuffingOutputStream body = new DotStuffingOutputStream(out);
        body.write("a\r\n".getBytes(StandardCharsets.US_ASCII));
        body.finish();

        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("a\r\n.\r\n");
    }

    @Test
    void xtextEncodesPlusEqualsSpaceAndNonAscii() {
        assertThat(Xtext.encode("a+b=c d\u00e9")).isEqualTo("a+2Bb+3Dc+20d+C3+A9");
    }

    @Test
    void enhancedStatusComesFromTheReplyOrTheBasicCode() {
        assertThat(new SmtpReply(550, List.of("5.1.1 no such user")).status()).isEqualTo("5.1.1");
        assertThat(new SmtpReply(451, List.of("try later")).status()).isEqualTo("4.0.0");
        assertThat(new SmtpReply(550, List.of("4.1.1 inconsistent")).status()).isEqualTo("5.0.0");
    }
}
