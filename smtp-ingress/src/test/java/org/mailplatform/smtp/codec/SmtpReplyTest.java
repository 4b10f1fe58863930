package org.mailplatform.smtp.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class SmtpReplyTest {

    @Test
    void oneLineReplyCarriesTheEnhancedCode() {
        assertThat(new String(SmtpReply.of(250, "2.1.0", "Ok").encode(), StandardCharsets.US_ASCII)).isEqualTo("250 2.1.0 Ok\r\n");
    }

    @Test
    void multiLineEhloReplyHasDashesOnAllButTheLastLine() {
        SmtpReply ehlo = SmtpReply.plain(250, "mx.example", "PIPELINING", "SIZE 10");
        assertThat(new String(ehlo.encode(), StandardCharsets.US_ASCII))
                .isEqualTo("250-mx.example\r\n250-PIPELINING\r\n250 SIZE 10\r\n");
    }

    @Test
    void replyTextCannotSmuggleLineBreaks() {
        assertThatThrownBy(() -> new SmtpReply(250, null, List.of("a\r\n250 b"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void outcomesForMetrics() {
        assertThat(SmtpReply.of(250, "2.0.0", "x").outcome()).isEqualTo("ok");
        assertThat(SmtpReply.of(451, "4.3.0", "x").outcome()).isEqualTo("temp_fail");
        assertThat(SmtpReply.of(550, "5.1.1", "x").outcome()).isEqualTo("perm_fail");
    }
}
