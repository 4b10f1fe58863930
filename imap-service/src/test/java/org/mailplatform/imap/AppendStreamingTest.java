package org.mailplatform.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** APPEND's message streams through protocol-kit's BodyPipe into the store. */
class AppendStreamingTest extends ImapServerTestBase {

    @Test
    void aClientThatDisconnectsInTheMiddleOfTheLiteralDoesNotLeaveTheStoreWaiting() throws Exception {
        try (LineClient c = new LineClient(imapPort())) {
            c.login("append-cut@test.example");
            c.send("a APPEND INBOX {600000}").expect("+ ${*}");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.blockingInFlight() > 0);
            byte[] part = new byte[200_000];
            Arrays.fill(part, (byte) 'x');
            c.write(part);
        }
        // the store's read of the message fails, so its thread and permit come back
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> server.blockingInFlight() == 0);

        try (LineClient c = new LineClient(imapPort())) {
            c.login("append-cut@test.example");
            assertThat(c.run("s", "STATUS INBOX (MESSAGES)")).anyMatch(l -> l.contains("MESSAGES 0"));
        }
    }
}
