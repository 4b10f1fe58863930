package org.mailplatform.pop3.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class Pop3ResponseTest {

    private static String wire(Pop3Response r) {
        return new String(r.encode(), StandardCharsets.UTF_8);
    }

    @Test
    void statusLines() {
        assertThat(wire(Pop3Response.ok("2 320"))).isEqualTo("+OK 2 320\r\n");
        assertThat(wire(Pop3Response.ok(""))).isEqualTo("+OK\r\n");
        assertThat(wire(Pop3Response.err("no such message"))).isEqualTo("-ERR no such message\r\n");
    }

    @Test
    void extendedResponseCodesGoInBrackets() {
        assertThat(wire(Pop3Response.err(ResponseCode.IN_USE, "maildrop locked")))
                .isEqualTo("-ERR [IN-USE] maildrop locked\r\n");
        assertThat(wire(Pop3Response.err(ResponseCode.SYS_TEMP, "try later"))).isEqualTo("-ERR [SYS/TEMP] try later\r\n");
        assertThat(wire(Pop3Response.err(ResponseCode.AUTH, "bad"))).isEqualTo("-ERR [AUTH] bad\r\n");
    }

    @Test
    void multiLineIsStuffedAndTerminated() {
        assertThat(wire(new Pop3Response.MultiLine("", List.of("1 120", ".hidden"))))
                .isEqualTo("+OK\r\n1 120\r\n..hidden\r\n.\r\n");
    }

    @Test
    void continuation() {
        assertThat(wire(new Pop3Response.Continuation(""))).isEqualTo("+ \r\n");
    }
}
