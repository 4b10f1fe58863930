package org.mailplatform.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mailplatform.auth.login.LogSafe;

class LogSafeTest {

    @Test
    void controlCharactersCannotForgeLogLines() {
        assertThat(LogSafe.text("alice@x\r\nINFO fake line\u001b[31m")).isEqualTo("alice@x??INFO fake line?[31m");
        assertThat(LogSafe.text("a".repeat(1000))).hasSize(320);
        assertThat(LogSafe.text("jörg@bücher.example")).isEqualTo("jörg@bücher.example");
    }
}
