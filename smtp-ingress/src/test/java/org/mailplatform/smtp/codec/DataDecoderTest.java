package org.mailplatform.smtp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DataDecoderTest {

    record Outcome(String data, int consumed, boolean done, long bare) {
    }

    /** Feeds {@code input} in pieces of {@code piece} bytes, as the network might deliver it. */
    static Outcome decode(String input, int piece) {
        byte[] bytes = input.getBytes(StandardCharsets.ISO_8859_1);
        DataDecoder decoder = new DataDecoder();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int consumed = 0;
        for (int off = 0; off < bytes.length && !decoder.done(); off += piece) {
            int n = Math.min(piece, bytes.length - off);
            consumed += decoder.decode(bytes, off, n, out);
        }
        return new Outcome(out.toString(StandardCharsets.ISO_8859_1), consumed, decoder.done(), decoder.bareLineEndings());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 7, 1000})
    void unstuffsDotsAndStopsRightAfterTheEnd(int piece) {
        String wire = "Subject: x\r\n\r\n..leading dot\r\n...\r\nend\r\n.\r\nQUIT\r\n";
        Outcome o = decode(wire, piece);
        assertThat(o.data()).isEqualTo("Subject: x\r\n\r\n.leading dot\r\n..\r\nend\r\n");
        assertThat(o.done()).isTrue();
        assertThat(o.consumed()).isEqualTo(wire.indexOf("QUIT"));
        assertThat(o.bare()).isZero();
    }

    @Test
    void aLoneDotLineInsideTheTextIsNotTheEndUnlessAtLineStart() {
        Outcome o = decode("a.\r\nb\r\n.\r\n", 1);
        assertThat(o.data()).isEqualTo("a.\r\nb\r\n");
        assertThat(o.done()).isTrue();
    }

    @Test
    void immediateEndIsAnEmptyMessage() {
        Outcome o = decode(".\r\n", 1);
        assertThat(o.data()).isEmpty();
        assertThat(o.done()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "x\r\n\n.\nMAIL FROM:<evil>\r\n",
            "x\r\n\n.\r\nMAIL FROM:<evil>\r\n",
            "x\r\n.\nMAIL FROM:<evil>\r\n",
            "x\r\r.\r\rMAIL FROM:<evil>\r\n",
            "x\n.\r\nMAIL FROM:<evil>\r\n",
    })
    void smugglingEndingsNeverEndTheDataAndAreCounted(String wire) {
        for (int piece : new int[] {1, 3, 100}) {
            Outcome o = decode(wire, piece);
            assertThat(o.done()).as("piece %d", piece).isFalse();
            assertThat(o.bare()).isPositive();
        }
    }

    @Test
    void theRealEndAfterASmugglingAttemptIsFound() {
        Outcome o = decode("x\n.\nMAIL FROM:<evil>\r\n.\r\nNEXT", 2);
        assertThat(o.done()).isTrue();
        assertThat(o.bare()).isEqualTo(2);
        assertThat(o.consumed()).isEqualTo("x\n.\nMAIL FROM:<evil>\r\n.\r\n".length());
    }

    @Test
    void crlfSplitAcrossPiecesIsStillOneLineEnd() {
        Outcome o = decode("line\r\n.\r\n", 5);
        assertThat(o.data()).isEqualTo("line\r\n");
        assertThat(o.bare()).isZero();
    }

    @Test
    void longestLineIsTracked() {
        DataDecoder decoder = new DataDecoder();
        byte[] wire = ("a".repeat(1200) + "\r\nshort\r\n.\r\n").getBytes(StandardCharsets.US_ASCII);
        decoder.decode(wire, 0, wire.length, new ByteArrayOutputStream());
        assertThat(decoder.longestLine()).isEqualTo(1200);
    }
}
