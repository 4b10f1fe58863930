package org.mailplatform.protocol.syntax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class LiteralHeaderTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void parsesSynchronizingAndNonSynchronizingHeadersThatEndTheLine() {
        assertThat(LiteralHeader.parse(b("PUTSCRIPT \"a\" {12}"), 15)).isEqualTo(new LiteralHeader(12, true));
        assertThat(LiteralHeader.parse(b("{7+}"), 1)).isEqualTo(new LiteralHeader(7, false));
        assertThat(LiteralHeader.parse(b("{0-}"), 1)).isEqualTo(new LiteralHeader(0, false));
    }

    @Test
    void refusesWhatIsNotAHeaderInTheWordsTheProtocolsPassOn() {
        assertThatThrownBy(() -> LiteralHeader.parse(b("{}"), 1)).hasMessage("invalid literal");
        assertThatThrownBy(() -> LiteralHeader.parse(b("{12"), 1)).hasMessage("invalid literal");
        assertThatThrownBy(() -> LiteralHeader.parse(b("{12} x"), 1)).hasMessage("literal must end the line");
        assertThatThrownBy(() -> LiteralHeader.parse(b("{1234567890123456789}"), 1)).hasMessage("literal size too long");
    }

    @Test
    void findsTheHeaderEndingARefusedLineSoItsBytesCanBeSkipped() {
        assertThat(LiteralHeader.startOfTrailing(b("BAD \"x {5+}"))).isEqualTo(7);
        assertThat(LiteralHeader.startOfTrailing(b("X {5}"))).isEqualTo(2);
        assertThat(LiteralHeader.startOfTrailing(b("X {+}"))).isEqualTo(-1);
        assertThat(LiteralHeader.startOfTrailing(b("X 5}"))).isEqualTo(-1);
        assertThat(LiteralHeader.startOfTrailing(b("X"))).isEqualTo(-1);
    }
}
