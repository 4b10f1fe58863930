package org.mailplatform.delivery.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mailplatform.model.InboundMessage;

/** What of a verdict's fields may go into a header, and what is dropped. */
class VerdictFieldsTest {

    private static InboundMessage message(InboundMessage.Verdict verdict) {
        return new InboundMessage("Q1", "inbound/2026/12/05/10/x", 10, Instant.now(), "a@example.org",
                List.of(new InboundMessage.Recipient("b@local.test", List.of(), null)), null, null, false, null, "t",
                verdict);
    }

    private static String of(String fields) {
        return new String(VerdictFields.of(message(new InboundMessage.Verdict(fields, false))), StandardCharsets.UTF_8);
    }

    @Test
    void wellFormedFieldsAreKeptAsTheyAre() {
        String folded = "Authentication-Results: mx.example.net;\r\n\tspf=pass smtp.mailfrom=example.org;\r\n"
                + " dkim=pass header.d=example.org\r\n";
        String two = "Authentication-Results: mx.example.net; dmarc=pass\r\nX-Spam-Flag: NO\r\n";
        String utf8 = "Authentication-Results: mx.example.net; dkim=pass header.i=@bücher.example\r\n";

        assertThat(of(folded)).isEqualTo(folded);
        assertThat(of(two)).isEqualTo(two);
        assertThat(of(utf8)).isEqualTo(utf8);
    }

    @Test
    void noVerdictOrNoFieldsAddNothing() {
        assertThat(VerdictFields.of(message(null))).isEmpty();
        assertThat(VerdictFields.of(message(new InboundMessage.Verdict(null, true)))).isEmpty();
        assertThat(VerdictFields.junk(message(null))).isFalse();
        assertThat(VerdictFields.junk(message(new InboundMessage.Verdict("", true)))).isTrue();
    }

    @Test
    void malformedFieldsAreDropped() {
        assertThat(of("Authentication-Results: x; dkim=pass")).as("no final CRLF").isEmpty();
        assertThat(of("Authentication-Results: x; dkim=pass\n")).as("bare LF at the end").isEmpty();
        assertThat(of("Authentication-Results: x;\ndkim=pass\r\n")).as("bare LF").isEmpty();
        assertThat(of("Authentication-Results: x;\rdkim=pass\r\n")).as("bare CR").isEmpty();
        assertThat(of("Authentication-Results: x\r\n\r\nbody\r\n")).as("empty line ends the header").isEmpty();
        assertThat(of("Authentication-Results: x\r\n \r\n")).as("blank continuation").isEmpty();
        assertThat(of(" dkim=pass\r\n")).as("folded onto the field above").isEmpty();
        assertThat(of("no colon here\r\n")).as("not a field").isEmpty();
        assertThat(of(": no name\r\n")).as("empty name").isEmpty();
        assertThat(of("Authentication-Results: x\u0000\r\n")).as("NUL").isEmpty();
        assertThat(of("Authentication-Results: " + "x".repeat(VerdictFields.MAX_LENGTH) + "\r\n")).as("too long")
                .isEmpty();
    }
}
