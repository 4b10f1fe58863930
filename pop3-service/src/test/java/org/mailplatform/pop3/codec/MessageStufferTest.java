package org.mailplatform.pop3.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessageStufferTest {

    private static String run(MessageStuffer stuffer, String message, int chunk) {
        byte[] in = message.getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        byte[] out = new byte[MessageStuffer.maxEncodedLength(chunk)];
        for (int i = 0; i < in.length && !stuffer.done(); i += chunk) {
            int n = stuffer.encode(in, i, Math.min(chunk, in.length - i), out);
            wire.write(out, 0, n);
        }
        wire.writeBytes(stuffer.finish());
        return wire.toString(StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 4096})
    void leadingDotsAreDoubledWhateverTheChunking(int chunk) {
        String message = "Subject: x\r\n\r\n.\r\n..two\r\nmid.dle\r\n.end";
        assertThat(run(MessageStuffer.whole(), message, chunk))
                .isEqualTo("Subject: x\r\n\r\n..\r\n...two\r\nmid.dle\r\n..end\r\n.\r\n");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4096})
    void bareLineFeedsBecomeCrLf(int chunk) {
        assertThat(run(MessageStuffer.whole(), "a\nb\r\n.\n", chunk)).isEqualTo("a\r\nb\r\n..\r\n.\r\n");
    }

    @Test
    void messageEndingInCrLfGetsOnlyTheDot() {
        assertThat(run(MessageStuffer.whole(), "a\r\n", 10)).isEqualTo("a\r\n.\r\n");
        assertThat(run(MessageStuffer.whole(), "", 10)).isEqualTo(".\r\n");
        assertThat(run(MessageStuffer.whole(), "a\r", 10)).isEqualTo("a\r\n.\r\n");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 4096})
    void topSendsHeaderBlankLineAndNBodyLines(int chunk) {
        String message = "From: a\r\nSubject: b\r\n\r\nline1\r\n.line2\r\nline3\r\n";
        assertThat(run(MessageStuffer.top(0), message, chunk)).isEqualTo("From: a\r\nSubject: b\r\n\r\n.\r\n");
        assertThat(run(MessageStuffer.top(2), message, chunk))
                .isEqualTo("From: a\r\nSubject: b\r\n\r\nline1\r\n..line2\r\n.\r\n");
        assertThat(run(MessageStuffer.top(10), message, chunk)).isEqualTo(message.replace(".line2", "..line2") + ".\r\n");
    }

    @Test
    void topStopsReadingOnceDone() {
        MessageStuffer top = MessageStuffer.top(0);
        byte[] in = "A: b\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[MessageStuffer.maxEncodedLength(in.length)];
        int n = top.encode(in, 0, in.length, out);
        assertThat(top.done()).isTrue();
        assertThat(new String(out, 0, n, StandardCharsets.US_ASCII)).isEqualTo("A: b\r\n\r\n");
    }

    @Test
    void topOfHeaderOnlyMessageSendsTheHeader() {
        assertThat(run(MessageStuffer.top(3), "A: b\r\nC: d", 3)).isEqualTo("A: b\r\nC: d\r\n.\r\n");
    }
}
