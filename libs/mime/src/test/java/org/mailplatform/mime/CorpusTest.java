package org.mailplatform.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus in {@code src/test/resources/corpus}: each {@code name.eml} (stored with LF, tested with
 * CRLF) has a {@code name.expected} with the ENVELOPE, BODYSTRUCTURE and optionally BODY that were
 * worked out by hand from RFC 9051 section 7.5.2 / RFC 3501 section 7.4.2.
 */
class CorpusTest {

    static Stream<String> messages() {
        return Stream.of("simple", "mixed", "forward", "broken-boundary", "no-boundary", "no-headers", "digest");
    }

    @ParameterizedTest
    @MethodSource("messages")
    void summaryRendersAsWorkedOutByHand(String name) throws IOException {
        byte[] message = crlf(resource(name + ".eml"));
        Map<String, String> expected = new LinkedHashMap<>();
        for (String line : resource(name + ".expected").split("\n")) {
            int sp = line.indexOf(' ');
            expected.put(line.substring(0, sp), line.substring(sp + 1));
        }
        MessageSummary summary = new MessageParser().parse(message);

        assertThat(summary.size()).isEqualTo(message.length);
        assertThat(ImapSyntax.envelope(summary.envelope(), false)).isEqualTo(expected.get("ENVELOPE"));
        assertThat(ImapSyntax.bodyStructure(summary.body(), true, false)).isEqualTo(expected.get("BODYSTRUCTURE"));
        if (expected.containsKey("BODY")) {
            assertThat(ImapSyntax.bodyStructure(summary.body(), false, false)).isEqualTo(expected.get("BODY"));
        }
    }

    static String resource(String name) throws IOException {
        try (InputStream in = CorpusTest.class.getResourceAsStream("/corpus/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static byte[] crlf(String text) {
        return text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
