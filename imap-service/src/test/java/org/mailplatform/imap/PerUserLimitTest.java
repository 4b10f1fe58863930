package org.mailplatform.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** {@code mail.imap.max-connections-per-user} (8 in tests): the next login is refused with NO [LIMIT]. */
class PerUserLimitTest extends ImapServerTestBase {

    @Test
    void oneLoginTooManyIsRefusedUntilAnotherConnectionCloses() throws Exception {
        List<LineClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                open.add(new LineClient(imapPort()).login("many@test.example"));
            }
            LineClient extra = new LineClient(imapPort());
            open.add(extra);
            extra.expect("* OK ${*}");
            assertThat(extra.run("l", "LOGIN many@test.example pw").getLast())
                    .startsWith("l NO [LIMIT] too many connections for this user");
            // another user is not affected
            open.add(new LineClient(imapPort()).login("other-of-many@test.example"));

            open.removeFirst().close();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                    extra.run("m", "LOGIN many@test.example pw").getLast().startsWith("m OK"));
        } finally {
            for (LineClient c : open) {
                c.close();
            }
        }
    }
}
