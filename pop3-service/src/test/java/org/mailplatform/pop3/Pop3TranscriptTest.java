package org.mailplatform.pop3;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.mailplatform.pop3.support.TranscriptRunner;
import org.mailplatform.pop3.support.Users;

/**
 * Runs every transcript in {@code src/test/resources/transcripts}, each against a new user whose
 * INBOX holds the three {@link #MESSAGES}. Variables: {@code user}, {@code pass}, {@code uidv},
 * {@code uidN}, {@code sizeN} (N = 1..3), {@code total}, {@code plain} (the AUTH PLAIN response) and {@code long} (2000 X).
 */
class Pop3TranscriptTest extends Pop3ServiceTestBase {

    static final String[] MESSAGES = {
            "From: a@example.org\r\nTo: b@example.org\r\nSubject: one\r\n\r\nHello\r\n",
            "Subject: dots\r\n\r\n.leading dot\r\n..two dots\r\n.\r\nend\r\n",
            "Subject: three\r\nX-Long: y\r\n\r\nl1\r\nl2\r\nl3\r\nl4"};

    @TestFactory
    Stream<DynamicTest> transcripts() throws IOException, URISyntaxException {
        Path dir = Path.of(getClass().getResource("/transcripts").toURI());
        return Files.list(dir).filter(p -> p.toString().endsWith(".txt")).sorted()
                .map(script -> DynamicTest.dynamicTest(script.getFileName().toString(), () -> run(script)));
    }

    private void run(Path script) throws IOException {
        Users.TestUser user = users().create(MESSAGES);
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("user", user.login());
        vars.put("pass", Users.PASSWORD);
        vars.put("uidv", Long.toString(user.messages().getFirst().uidValidity()));
        long total = 0;
        for (int i = 0; i < user.messages().size(); i++) {
            vars.put("uid" + (i + 1), Long.toString(user.messages().get(i).uid()));
            vars.put("size" + (i + 1), Long.toString(user.messages().get(i).size()));
            total += user.messages().get(i).size();
        }
        vars.put("total", Long.toString(total));
        vars.put("plain", Base64.getEncoder().encodeToString(("\u0000" + user.login() + "\u0000" + Users.PASSWORD)
                .getBytes(StandardCharsets.UTF_8)));
        vars.put("long", "X".repeat(2000));
        new TranscriptRunner("127.0.0.1", port(), vars).run(script);
    }
}
