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

    /**
     * The encoder copies runs of a line at a time; it must give what RFC 1939's line-by-line
     * definition gives, for any bytes and any chunking: bare LF made CRLF, a leading dot doubled, TOP
     * cut after the header and n body lines, the last line ended, then the terminating dot.
     */
    @Test
    void givesWhatTheLineByLineDefinitionGivesForAnyBytesAndChunking() {
        java.util.Random random = new java.util.Random(1939);
        byte[] alphabet = {'a', 'b', '.', '.', '\r', '\n', '\n', ' '};
        for (int round = 0; round < 2000; round++) {
            byte[] in = new byte[random.nextInt(120)];
            for (int i = 0; i < in.length; i++) {
                in[i] = alphabet[random.nextInt(alphabet.length)];
            }
            int topLines = random.nextInt(5) - 1;
            String message = new String(in, StandardCharsets.ISO_8859_1);
            MessageStuffer stuffer = topLines < 0 ? MessageStuffer.whole() : MessageStuffer.top(topLines);
            assertThat(run(stuffer, message, 1 + random.nextInt(20)))
                    .as("%s, top %d", message.replace("\r", "\\r").replace("\n", "\\n"), topLines)
                    .isEqualTo(lineByLine(in, topLines));
        }
    }

    /**
     * {@link MessageStuffer#passesUnchanged}: a chunk it lets through as it is, followed by chunks it
     * lets through or encodes, gives exactly the line-by-line definition; mostly CRLF lines, so it
     * says yes often, with the odd leading dot, bare LF and CR LF split between chunks.
     */
    @Test
    void chunksPassedUnchangedGiveWhatEncodingGives() {
        java.util.Random random = new java.util.Random(2449);
        String[] pieces = {"ab", "c d", "\r\n", "\r\n", "\r\n", "\r", "\n", ".", "x.y"};
        int passed = 0;
        for (int round = 0; round < 3000; round++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(30); i > 0; i--) {
                text.append(pieces[random.nextInt(random.nextInt(4) == 0 ? pieces.length : 5)]);
            }
            byte[] in = text.toString().getBytes(StandardCharsets.ISO_8859_1);
            int chunk = random.nextBoolean() ? Math.max(1, in.length) : 1 + random.nextInt(12);
            MessageStuffer stuffer = MessageStuffer.whole();
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            byte[] out = new byte[MessageStuffer.maxEncodedLength(chunk)];
            for (int i = 0; i < in.length; i += chunk) {
                int length = Math.min(chunk, in.length - i);
                if (stuffer.passesUnchanged(in, i, length)) {
                    wire.write(in, i, length);
                    passed++;
                } else {
                    wire.write(out, 0, stuffer.encode(in, i, length, out));
                }
            }
            wire.writeBytes(stuffer.finish());
            assertThat(wire.toString(StandardCharsets.ISO_8859_1))
                    .as("%s in chunks of %d", text.toString().replace("\r", "\\r").replace("\n", "\\n"), chunk)
                    .isEqualTo(lineByLine(in, -1));
        }
        assertThat(passed).as("chunks let through").isGreaterThan(1000);
        assertThat(MessageStuffer.top(3).passesUnchanged("a\r\n".getBytes(StandardCharsets.ISO_8859_1), 0, 3)).isFalse();
    }

    /** RFC 1939 section 3 and 7, one line at a time. */
    private static String lineByLine(byte[] in, int topLines) {
        StringBuilder out = new StringBuilder();
        String text = new String(in, StandardCharsets.ISO_8859_1);
        boolean inHeader = true;
        int bodyLeft = topLines;
        int start = 0;
        while (start < text.length()) {
            int lf = text.indexOf('\n', start);
            String line = lf < 0 ? text.substring(start) : text.substring(start, lf);
            out.append(line.startsWith(".") ? "." : "").append(line);
            if (lf < 0) {
                out.append(line.endsWith("\r") ? "\n" : "\r\n");
                break;
            }
            out.append(line.endsWith("\r") ? "\n" : "\r\n");
            start = lf + 1;
            if (topLines >= 0) {
                if (inHeader) {
                    if (line.isEmpty() || line.equals("\r")) {
                        inHeader = false;
                        if (bodyLeft == 0) {
                            break;
                        }
                    }
                } else if (--bodyLeft == 0) {
                    break;
                }
            }
        }
        return out.append(".\r\n").toString();
    }
}
