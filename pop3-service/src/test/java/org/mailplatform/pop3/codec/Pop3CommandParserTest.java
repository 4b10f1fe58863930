package org.mailplatform.pop3.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Pop3CommandParserTest {

    private static Pop3Command parse(String line) throws Pop3SyntaxException {
        return Pop3CommandParser.parse(line.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void keywordsAreCaseInsensitive() throws Exception {
        assertThat(parse("stat")).isEqualTo(new Pop3Command.Stat());
        assertThat(parse("Retr 3")).isEqualTo(new Pop3Command.Retr(3));
        assertThat(parse("capa")).isEqualTo(new Pop3Command.Capa());
    }

    @Test
    void everyRfc1939CommandParses() throws Exception {
        assertThat(parse("USER alice@example.org")).isEqualTo(new Pop3Command.User("alice@example.org"));
        assertThat(parse("PASS secret")).isEqualTo(new Pop3Command.Pass("secret"));
        assertThat(parse("LIST")).isEqualTo(new Pop3Command.ListMessages(0));
        assertThat(parse("LIST 2")).isEqualTo(new Pop3Command.ListMessages(2));
        assertThat(parse("UIDL")).isEqualTo(new Pop3Command.Uidl(0));
        assertThat(parse("UIDL 7")).isEqualTo(new Pop3Command.Uidl(7));
        assertThat(parse("DELE 1")).isEqualTo(new Pop3Command.Dele(1));
        assertThat(parse("TOP 1 0")).isEqualTo(new Pop3Command.Top(1, 0));
        assertThat(parse("NOOP")).isEqualTo(new Pop3Command.Noop());
        assertThat(parse("RSET")).isEqualTo(new Pop3Command.Rset());
        assertThat(parse("QUIT")).isEqualTo(new Pop3Command.Quit());
        assertThat(parse("STLS")).isEqualTo(new Pop3Command.Stls());
    }

    @Test
    void passwordKeepsItsSpaces() throws Exception {
        assertThat(parse("PASS  two words ")).isEqualTo(new Pop3Command.Pass(" two words "));
        assertThat(parse("PASS pässwörd")).isEqualTo(new Pop3Command.Pass("pässwörd"));
    }

    @Test
    void authTakesMechanismAndOptionalInitialResponse() throws Exception {
        assertThat(parse("AUTH")).isEqualTo(new Pop3Command.Auth(null, null));
        assertThat(parse("AUTH plain")).isEqualTo(new Pop3Command.Auth("PLAIN", null));
        assertThat(parse("AUTH PLAIN AGFAYgBj")).isEqualTo(new Pop3Command.Auth("PLAIN", "AGFAYgBj"));
        assertThat(parse("AUTH PLAIN =")).isEqualTo(new Pop3Command.Auth("PLAIN", "="));
    }

    @Test
    void extraSpacesAreTolerated() throws Exception {
        assertThat(parse("RETR  4 ")).isEqualTo(new Pop3Command.Retr(4));
        assertThat(parse("TOP 4   10")).isEqualTo(new Pop3Command.Top(4, 10));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "APOP mrose c4c9334bac560ecc979e58001b3e22fb", "XYZZY", "RETR", "RETR 0", "RETR -1",
            "RETR +1", "RETR 1 2", "RETR x", "RETR 999999999", "DELE", "TOP 1", "TOP 1 -1", "TOP 0 1", "STAT 1",
            "QUIT now", "USER", "USER a b", "PASS", "LIST 1 2", "AUTH PLAIN a b", "NOOP\u0000", "RETR 1\u0007"})
    void invalidLinesAreRefusedWithAnErr(String line) {
        assertThatThrownBy(() -> parse(line)).isInstanceOf(Pop3SyntaxException.class)
                .satisfies(e -> assertThat(new String(((Pop3SyntaxException) e).response().encode(),
                        StandardCharsets.UTF_8)).startsWith("-ERR ").endsWith("\r\n"));
    }

    @Test
    void garbageBytesDoNotBreakTheParser() {
        byte[] garbage = new byte[256];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = (byte) (i * 37);
        }
        assertThatThrownBy(() -> Pop3CommandParser.parse(garbage)).isInstanceOf(Pop3SyntaxException.class);
    }

    @Test
    void eachCommandDeclaresItsStates() throws Exception {
        assertThat(parse("USER a").allowedIn()).containsExactly(Pop3State.AUTHORIZATION);
        assertThat(parse("RETR 1").allowedIn()).containsExactly(Pop3State.TRANSACTION);
        assertThat(parse("CAPA").allowedIn()).contains(Pop3State.AUTHORIZATION, Pop3State.TRANSACTION);
        assertThat(parse("QUIT").allowedIn()).contains(Pop3State.AUTHORIZATION, Pop3State.TRANSACTION);
    }

    @Test
    void secretsAreNotInToString() throws Exception {
        assertThat(parse("PASS hunter2").toString()).doesNotContain("hunter2");
        assertThat(parse("AUTH PLAIN AGFAYgBj").toString()).doesNotContain("AGFAYgBj");
    }
}
