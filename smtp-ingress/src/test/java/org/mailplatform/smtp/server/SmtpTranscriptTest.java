package org.mailplatform.smtp.server;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailplatform.embedded.BackendEndpoints;
import org.mailplatform.smtp.support.SmtpFixture;
import org.mailplatform.smtp.support.Transcript;
import org.mailplatform.teststack.WithTestStack;

/**
 * Every file in {@code src/test/resources/transcripts} is one raw-socket conversation with a real
 * server (real Kafka and S3 behind it), with small limits so that each limit can be hit.
 */
@WithTestStack
class SmtpTranscriptTest {

    static SmtpFixture smtp;

    @BeforeAll
    static void start(BackendEndpoints stack) {
        smtp = new SmtpFixture(stack, Map.of(
                "mail.smtp.limits.max-message-size", "2KB",
                "mail.smtp.limits.max-recipients", "3",
                "mail.smtp.limits.max-bad-commands", "5",
                "mail.smtp.limits.max-line-length", "512",
                "mail.smtp.limits.commands-per-minute", "1000"));
    }

    @AfterAll
    static void stop() {
        smtp.close();
    }

    static Stream<Path> transcripts() throws URISyntaxException, java.io.IOException {
        Path dir = Path.of(SmtpTranscriptTest.class.getResource("/transcripts").toURI());
        return Files.list(dir).filter(p -> p.toString().endsWith(".txt")).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transcripts")
    void transcript(Path file) throws Exception {
        Transcript.run(file, smtp::port);
    }
}
