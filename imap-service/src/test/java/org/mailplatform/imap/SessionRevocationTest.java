package org.mailplatform.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailplatform.model.MailboxChange;
import org.mailplatform.model.Principal;
import org.mailplatform.store.AppendRequest;
import org.mailplatform.store.MailboxStore;
import org.mailplatform.store.events.ChangePublisher;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * An operator ends a user's sessions ({@code sessionsRevoked} on {@code mailbox.changes}, published
 * by the store's own publisher as mailbox-service does): every session of that user on the node
 * says BYE and closes, whatever it is doing; other users' sessions go on, and the user may log in
 * again (refusing a suspended user is the directory's job).
 */
class SessionRevocationTest extends ImapServerTestBase {

    private static final String BYE = "* BYE [UNAVAILABLE] session ended by the administrator";
    private static final Pattern LITERAL = Pattern.compile("\\* \\d+ FETCH \\(BODY\\[\\] \\{(\\d+)\\}");

    @Autowired
    private ChangePublisher publisher;

    @Autowired
    private MeterRegistry meters;

    @Autowired
    private MailboxStore store;

    @BeforeEach
    void feedReads() {
        awaitChangeFeed();
    }

    private void revoke(String address) {
        publisher.publish(MailboxChange.sessionsRevoked("t1", "u-" + address, Instant.now()));
    }

    private double sessionsRevoked() {
        return meters.get("mail.imap.sessions.revoked").counter().count();
    }

    private double events(String outcome) {
        return meters.get("mail.imap.change.events").tag("outcome", outcome).counter().count();
    }

    @Test
    void everySessionOfTheUserSaysByeAndClosesOthersGoOnAndTheUserMayLogInAgain() throws Exception {
        String a = "kick-a@test.example";
        double before = sessionsRevoked();
        try (LineClient idling = new LineClient(imapPort()); LineClient selected = new LineClient(imapPort());
             LineClient otherUser = new LineClient(imapPort())) {
            idling.login(a).send("s SELECT INBOX").ok("s").send("i IDLE").expect("+ idling");
            selected.login(a).send("s SELECT INBOX").ok("s");
            otherUser.login("kick-b@test.example").send("s SELECT INBOX").ok("s");

            revoke(a);

            idling.expect(BYE).expectEnd();
            selected.expect(BYE).expectEnd();
            otherUser.send("n NOOP").expect("n OK NOOP completed");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> sessionsRevoked() == before + 2);

            // not a ban: the directory decides whether the user may log in
            try (LineClient again = new LineClient(imapPort())) {
                again.login(a).send("s SELECT INBOX").ok("s").send("n NOOP").expect("n OK NOOP completed");
            }
        }
    }

    @Test
    void anAppendCutShortByTheByeIsNotStoredAndLeavesNothingWaiting() throws Exception {
        String user = "kick-append@test.example";
        try (LineClient c = new LineClient(imapPort())) {
            c.login(user);
            c.send("a APPEND INBOX {600000}").expect("+ ${*}");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.blockingInFlight() > 0);
            byte[] part = new byte[200_000];
            Arrays.fill(part, (byte) 'x');
            c.write(part);

            revoke(user);
            c.expect(BYE).expectEnd();
        }
        // the store's read of the message fails when the connection closes: its thread comes back
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> server.blockingInFlight() == 0);
        try (LineClient c = new LineClient(imapPort())) {
            c.login(user);
            assertThat(c.run("s", "STATUS INBOX (MESSAGES)")).anyMatch(l -> l.contains("MESSAGES 0"));
        }
    }

    @Test
    void aFetchBeingWrittenIsNotCutByTheByeWhichFollowsItsTaggedAnswer() throws Exception {
        String user = "kick-fetch@test.example";
        Principal owner = new Principal("t1", "u-" + user, user);
        byte[] message = message(1_000_000);
        double before = sessionsRevoked();
        try (LineClient slow = LineClient.slowReader(imapPort())) {
            // the first login makes INBOX
            slow.login(user);
            for (int i = 0; i < 4; i++) {
                store.append(owner, "INBOX", AppendRequest.of(new ByteArrayInputStream(message)));
            }
            slow.send("s SELECT INBOX").ok("s");
            slow.send("f FETCH 1:* BODY.PEEK[]");
            // the FETCH waits for a client that reads nothing yet
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> server.blockingInFlight() > 0);
            revoke(user);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> sessionsRevoked() == before + 1);

            List<String> lines = new ArrayList<>();
            int bodies = 0;
            for (String line = slow.readLine(); !line.isEmpty(); line = slow.readLine()) {
                Matcher m = LITERAL.matcher(line);
                if (m.matches()) {
                    assertThat(slow.readBytes(Integer.parseInt(m.group(1)))).isEqualTo(message);
                    bodies++;
                } else {
                    lines.add(line);
                }
            }
            assertThat(bodies).isEqualTo(4);
            assertThat(lines).hasSizeGreaterThanOrEqualTo(2);
            assertThat(lines.subList(lines.size() - 2, lines.size())).containsExactly("f OK FETCH completed", BYE);
            slow.expectEnd();
        }
    }

    @Test
    void aRevocationForAUserWithoutASessionHereIsCountedAndIgnored() {
        double revoked = sessionsRevoked();
        double unwatched = events("no-session");
        double invalid = events("invalid");
        revoke("kick-nobody@test.example");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> events("no-session") > unwatched);
        assertThat(sessionsRevoked()).isEqualTo(revoked);
        assertThat(events("invalid")).isEqualTo(invalid);
    }

    private static byte[] message(int size) {
        StringBuilder m = new StringBuilder("From: a@test.example\r\nSubject: big\r\n\r\n");
        String line = "y".repeat(76) + "\r\n";
        while (m.length() + line.length() <= size) {
            m.append(line);
        }
        return m.toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aLoginWhoseCheckPassedBeforeTheKickIsRefusedAndTheNextIsLetIn() throws Exception {
        String user = "kick-during-login@test.example";
        double noSession = events("no-session");
        // the kick comes while the directory is checking the login, and this node reads it before
        // the login registers (the event finds no session to end)
        directory.afterCheck(p -> {
            if (p.address().equals(user)) {
                revoke(user);
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> events("no-session") == noSession + 1);
            }
        });
        try (LineClient c = new LineClient(imapPort())) {
            c.expect("* OK ${*}").send("l LOGIN " + user + " pw")
                    .expect("l NO [UNAVAILABLE] session ended by the administrator");
            directory.afterCheck(p -> { });
            // still connected and not authenticated: a login checked after the kick is let in
            c.send("s SELECT INBOX").expect("s BAD ${*}");
            c.send("l2 LOGIN " + user + " pw").ok("l2").send("s2 SELECT INBOX").ok("s2");
        } finally {
            directory.afterCheck(p -> { });
        }
    }
}
